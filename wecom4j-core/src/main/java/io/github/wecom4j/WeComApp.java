package io.github.wecom4j;

import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.login.LoginService;
import io.github.wecom4j.login.LoginUrls;
import io.github.wecom4j.media.MediaService;
import io.github.wecom4j.jssdk.JsSdk;
import io.github.wecom4j.message.MessageService;

/**
 * One self-built app: its agentid and an API bound to its own token. The per-app scenarios
 * (messages, JS-SDK agent config, login) hang off this.
 */
public final class WeComApp {

    private final AppCredentials credentials;
    private final WeComApi api;
    private final LoginService login;
    private final MediaService media;
    private final JsSdk jssdk;
    private final MessageService messages;
    private final Contacts contacts;
    private final io.github.wecom4j.message.TemplateCardUpdates templateCards;
    private final io.github.wecom4j.message.AppChats chats;
    private final io.github.wecom4j.agent.Menus menus;
    private final io.github.wecom4j.agent.Agents agent;

    WeComApp(AppCredentials credentials, WeComApi api, JsSdk jssdk, java.time.Clock clock, WeComApi contactsSync) {
        this.credentials = credentials;
        this.api = api;
        this.login = new LoginService(new LoginUrls(api.credential().corpId(), credentials.agentId(), api.hosts()), api);
        this.media = new MediaService(api, clock);
        this.jssdk = jssdk;
        this.messages = new MessageService(api, credentials.agentId());
        this.contacts = new Contacts(contactsSync, api);
        this.templateCards = new io.github.wecom4j.message.TemplateCardUpdates(api, credentials.agentId());
        this.chats = new io.github.wecom4j.message.AppChats(api);
        this.menus = new io.github.wecom4j.agent.Menus(api, credentials.agentId());
        this.agent = new io.github.wecom4j.agent.Agents(api, credentials.agentId());
    }

    public int agentId() {
        return credentials.agentId();
    }

    public String name() {
        return credentials.name();
    }

    /** WeCom API calls made with this app's access token. */
    public WeComApi api() {
        return api;
    }

    /**
     * Media uploaded with this app's token (a media_id then works for every app of the corp):
     * 3-day uploads, downloads, permanent image URLs; wrap in {@link io.github.wecom4j.media.DurableMedia}
     * for a handle that outlives the 3 days.
     */
    public MediaService media() {
        return media;
    }

    /** Login with this app: OAuth2 in the WeCom client, web QR code, code -> identity. */
    public LoginService login() {
        return login;
    }

    /** JS-SDK signatures ({@code wx.config}, {@code wx.agentConfig}) with this app's tickets. */
    public JsSdk jssdk() {
        return jssdk;
    }

    /**
     * The directory read with this app's token: its visible range, and the member fields its era
     * gets (apps created after 2022-06-20 get no mobile, email, gender ...; doc 90196). Writes
     * still use the contacts-sync token.
     */
    public Contacts contacts() {
        return contacts;
    }

    /** Application messages sent as this app, with its token and agentid. */
    public MessageService messages() {
        return messages;
    }

    /** Updates of this app's sent interactive cards (response codes: once each, 72 hours). */
    public io.github.wecom4j.message.TemplateCardUpdates templateCards() {
        return templateCards;
    }

    /** Group chats created and spoken in by this app. */
    public io.github.wecom4j.message.AppChats chats() {
        return chats;
    }

    /** This app's menu. */
    public io.github.wecom4j.agent.Menus menus() {
        return menus;
    }

    /** This app's own settings (agent/get, agent/set). */
    public io.github.wecom4j.agent.Agents agent() {
        return agent;
    }
}
