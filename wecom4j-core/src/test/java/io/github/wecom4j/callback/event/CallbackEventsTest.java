package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One sample per type, as printed in WeCom's documentation (doc 90239 messages, 90240 events,
 * 90970-90973 contacts, 90269 / 91815 approvals, 96219 upload_by_url), parsed into the typed model.
 * Each sample is also read back from its stored fields, as the gateway does.
 */
class CallbackEventsTest {

    private static CallbackEvent parse(String xml) {
        CallbackEvent typed = CallbackEvents.of(CallbackMessage.fromXml(xml));
        // The gateway stores fields() and types them later: nothing may be lost on the way.
        assertThat(CallbackEvents.of(typed.raw().fields())).isEqualTo(typed);
        return typed;
    }

    @Test
    void text() {
        CallbackEvent e = parse("""
                <xml>
                   <ToUserName><![CDATA[toUser]]></ToUserName>
                   <FromUserName><![CDATA[fromUser]]></FromUserName>
                   <CreateTime>1348831860</CreateTime>
                   <MsgType><![CDATA[text]]></MsgType>
                   <Content><![CDATA[this is a test]]></Content>
                   <MsgId>1234567890123456</MsgId>
                   <AgentID>1</AgentID>
                </xml>""");
        assertThat(e).isInstanceOfSatisfying(InboundText.class, t -> {
            assertThat(t.content()).isEqualTo("this is a test");
            assertThat(t.msgId()).isEqualTo("1234567890123456");
            assertThat(t.type()).isEqualTo("text");
            assertThat(t.fromUser()).isEqualTo("fromUser");
            assertThat(t.corpId()).isEqualTo("toUser");
            assertThat(t.agentId()).isEqualTo(1);
            assertThat(t.createTime()).isEqualTo(1348831860L);
            assertThat(t.dedupeKey()).isEqualTo("msg:1234567890123456");
        });
    }

    @Test
    void textThatLooksLikeMarkupStaysText() {
        String xml = "<xml><ToUserName>ww1</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>text</MsgType><Content><![CDATA[<SelectedItems><b>hi</b>]]></Content><MsgId>9</MsgId></xml>";
        assertThat(parse(xml)).isInstanceOfSatisfying(InboundText.class,
                t -> assertThat(t.content()).isEqualTo("<SelectedItems><b>hi</b>"));
    }

    @Test
    void image() {
        CallbackEvent e = parse("""
                <xml>
                   <ToUserName><![CDATA[toUser]]></ToUserName>
                   <FromUserName><![CDATA[fromUser]]></FromUserName>
                   <CreateTime>1348831860</CreateTime>
                   <MsgType><![CDATA[image]]></MsgType>
                   <PicUrl><![CDATA[this is a url]]></PicUrl>
                   <MediaId><![CDATA[media_id]]></MediaId>
                   <MsgId>1234567890123456</MsgId>
                   <AgentID>1</AgentID>
                </xml>""");
        assertThat(e).isEqualTo(new InboundImage(e.raw(), "this is a url", "media_id"));
    }

    @Test
    void voice() {
        CallbackEvent e = parse("""
                <xml>
                   <ToUserName><![CDATA[toUser]]></ToUserName>
                   <FromUserName><![CDATA[fromUser]]></FromUserName>
                   <CreateTime>1357290913</CreateTime>
                   <MsgType><![CDATA[voice]]></MsgType>
                   <MediaId><![CDATA[media_id]]></MediaId>
                   <Format><![CDATA[Format]]></Format>
                   <MsgId>1234567890123456</MsgId>
                   <AgentID>1</AgentID>
                </xml>""");
        assertThat(e).isEqualTo(new InboundVoice(e.raw(), "media_id", "Format"));
    }

    @Test
    void video() {
        CallbackEvent e = parse("""
                <xml>
                   <ToUserName><![CDATA[toUser]]></ToUserName>
                   <FromUserName><![CDATA[fromUser]]></FromUserName>
                   <CreateTime>1357290913</CreateTime>
                   <MsgType><![CDATA[video]]></MsgType>
                   <MediaId><![CDATA[media_id]]></MediaId>
                   <ThumbMediaId><![CDATA[thumb_media_id]]></ThumbMediaId>
                   <MsgId>1234567890123456</MsgId>
                   <AgentID>1</AgentID>
                </xml>""");
        assertThat(e).isEqualTo(new InboundVideo(e.raw(), "media_id", "thumb_media_id"));
    }

    @Test
    void location() {
        CallbackEvent e = parse("""
                <xml>
                   <ToUserName><![CDATA[toUser]]></ToUserName>
                   <FromUserName><![CDATA[fromUser]]></FromUserName>
                   <CreateTime>1351776360</CreateTime>
                   <MsgType><![CDATA[location]]></MsgType>
                   <Location_X>23.134</Location_X>
                   <Location_Y>113.358</Location_Y>
                   <Scale>20</Scale>
                   <Label><![CDATA[位置信息]]></Label>
                   <MsgId>1234567890123456</MsgId>
                   <AgentID>1</AgentID>
                   <AppType><![CDATA[wxwork]]></AppType>
                </xml>""");
        assertThat(e).isEqualTo(new InboundLocation(e.raw(), 23.134, 113.358, 20, "位置信息", "wxwork"));
    }

    @Test
    void link() {
        CallbackEvent e = parse("""
                <xml>
                   <ToUserName><![CDATA[toUser]]></ToUserName>
                   <FromUserName><![CDATA[fromUser]]></FromUserName>
                   <CreateTime>1348831860</CreateTime>
                   <MsgType><![CDATA[link]]></MsgType>
                   <Title><![CDATA[this is a title!]]></Title>
                   <Description><![CDATA[this is a description!]]></Description>
                   <Url><![CDATA[URL]]></Url>
                   <PicUrl><![CDATA[this is a url]]></PicUrl>
                   <MsgId>1234567890123456</MsgId>
                   <AgentID>1</AgentID>
                </xml>""");
        assertThat(e).isEqualTo(new InboundLink(e.raw(), "this is a title!", "this is a description!", "URL", "this is a url"));
    }

    @Test
    void anUnknownMessageTypeIsGenericNotAFailure() {
        CallbackEvent e = parse("<xml><ToUserName>ww</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>hologram</MsgType><MsgId>77</MsgId><Depth>3</Depth></xml>");
        assertThat(e).isInstanceOfSatisfying(InboundOtherMessage.class, o -> {
            assertThat(o.type()).isEqualTo("hologram");
            assertThat(o.raw().fields()).containsEntry("Depth", "3");
        });
    }

    @Test
    void subscribeAndUnsubscribe() {
        String xml = """
                <xml>
                	<ToUserName><![CDATA[toUser]]></ToUserName>
                	<FromUserName><![CDATA[UserID]]></FromUserName>
                	<CreateTime>1348831860</CreateTime>
                	<MsgType><![CDATA[event]]></MsgType>
                	<Event><![CDATA[subscribe]]></Event>
                	<AgentID>1</AgentID>
                </xml>""";
        assertThat(parse(xml)).isInstanceOfSatisfying(SubscribeEvent.class, s -> {
            assertThat(s.fromUser()).isEqualTo("UserID");
            assertThat(s.type()).isEqualTo("subscribe");
        });
        assertThat(parse(xml.replace("[subscribe]", "[unsubscribe]"))).isInstanceOf(UnsubscribeEvent.class);
    }

    @Test
    void enterAgent() {
        CallbackEvent e = parse("""
                <xml><ToUserName><![CDATA[toUser]]></ToUserName>
                <FromUserName><![CDATA[FromUser]]></FromUserName>
                <CreateTime>1408091189</CreateTime>
                <MsgType><![CDATA[event]]></MsgType>
                <Event><![CDATA[enter_agent]]></Event>
                <EventKey><![CDATA[]]></EventKey>
                <AgentID>1</AgentID>
                </xml>""");
        assertThat(e).isInstanceOfSatisfying(EnterAgentEvent.class, x -> assertThat(x.eventKey()).isEmpty());
    }

    @Test
    void locationReport() {
        CallbackEvent e = parse("""
                <xml>
                   <ToUserName><![CDATA[toUser]]></ToUserName>
                   <FromUserName><![CDATA[FromUser]]></FromUserName>
                   <CreateTime>123456789</CreateTime>
                   <MsgType><![CDATA[event]]></MsgType>
                   <Event><![CDATA[LOCATION]]></Event>
                   <Latitude>23.104</Latitude>
                   <Longitude>113.320</Longitude>
                   <Precision>65.000</Precision>
                   <AgentID>1</AgentID>
                   <AppType><![CDATA[wxwork]]></AppType>
                </xml>""");
        assertThat(e).isEqualTo(new LocationReportEvent(e.raw(), 23.104, 113.320, 65.0, "wxwork"));
    }

    @Test
    void menuClickViewAndMiniProgram() {
        String click = """
                <xml>
                <ToUserName><![CDATA[toUser]]></ToUserName>
                <FromUserName><![CDATA[FromUser]]></FromUserName>
                <CreateTime>123456789</CreateTime>
                <MsgType><![CDATA[event]]></MsgType>
                <Event><![CDATA[click]]></Event>
                <EventKey><![CDATA[EVENTKEY]]></EventKey>
                <AgentID>1</AgentID>
                </xml>""";
        assertThat(parse(click)).isInstanceOfSatisfying(MenuClickEvent.class, c -> assertThat(c.eventKey()).isEqualTo("EVENTKEY"));
        assertThat(parse(click.replace("[click]", "[view]").replace("EVENTKEY", "www.qq.com")))
                .isInstanceOfSatisfying(MenuViewEvent.class, v -> assertThat(v.url()).isEqualTo("www.qq.com"));
        assertThat(parse(click.replace("[click]", "[view_miniprogram]").replace("EVENTKEY", "pages/index")))
                .isInstanceOfSatisfying(MenuMiniProgramEvent.class, v -> assertThat(v.pagePath()).isEqualTo("pages/index"));
    }

    @Test
    void scanCodePushAndWaitMsg() {
        String push = """
                <xml><ToUserName><![CDATA[toUser]]></ToUserName>
                <FromUserName><![CDATA[FromUser]]></FromUserName>
                <CreateTime>1408090502</CreateTime>
                <MsgType><![CDATA[event]]></MsgType>
                <Event><![CDATA[scancode_push]]></Event>
                <EventKey><![CDATA[6]]></EventKey>
                <ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>
                <ScanResult><![CDATA[1]]></ScanResult>
                </ScanCodeInfo>
                <AgentID>1</AgentID>
                </xml>""";
        CallbackEvent p = parse(push);
        assertThat(p).isEqualTo(new ScanCodePushEvent(p.raw(), new ScanCode("qrcode", "1")));
        assertThat(((MenuEvent) p).eventKey()).isEqualTo("6");
        CallbackEvent w = parse(push.replace("scancode_push", "scancode_waitmsg").replace("[1]", "[2]"));
        assertThat(w).isEqualTo(new ScanCodeWaitMsgEvent(w.raw(), new ScanCode("qrcode", "2")));
        // a nested value in CDATA arrives exactly as scanned: spaces, a line break, "]]>", '<' and '&'
        String scanned = "  WIFI:S:x;P:a]]>b<&;;\n";
        CallbackEvent exact = parse(push.replace("<![CDATA[1]]>", "<![CDATA[  WIFI:S:x;P:a]]]]><![CDATA[>b<&;;\n]]>"));
        assertThat(((ScanCodePushEvent) exact).scan().scanResult()).isEqualTo(scanned);
    }

    @Test
    void pictureButtons() {
        String sys = """
                <xml><ToUserName><![CDATA[toUser]]></ToUserName>
                <FromUserName><![CDATA[FromUser]]></FromUserName>
                <CreateTime>1408090651</CreateTime>
                <MsgType><![CDATA[event]]></MsgType>
                <Event><![CDATA[pic_sysphoto]]></Event>
                <EventKey><![CDATA[6]]></EventKey>
                <SendPicsInfo><Count>1</Count>
                <PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum>
                </item>
                </PicList>
                </SendPicsInfo>
                <AgentID>1</AgentID>
                </xml>""";
        CallbackEvent s = parse(sys);
        assertThat(s).isEqualTo(new PicSysPhotoEvent(s.raw(), List.of("1b5f7c23b5bf75682a53e7b6d163e185")));
        CallbackEvent album = parse(sys.replace("pic_sysphoto", "pic_photo_or_album"));
        assertThat(album).isInstanceOf(PicPhotoOrAlbumEvent.class);
        // Two pictures, one <item> each, as a real capture shows them.
        CallbackEvent weixin = parse(sys.replace("pic_sysphoto", "pic_weixin").replace("<Count>1</Count>", "<Count>2</Count>")
                .replace("</item>", "</item><item><PicMd5Sum>c4564632a4fab91378c39bea6aad6f9e</PicMd5Sum></item>"));
        assertThat(weixin).isInstanceOfSatisfying(PicWeixinEvent.class, x -> assertThat(x.picMd5Sums())
                .containsExactly("1b5f7c23b5bf75682a53e7b6d163e185", "c4564632a4fab91378c39bea6aad6f9e"));
    }

    @Test
    void locationSelect() {
        CallbackEvent e = parse("""
                <xml><ToUserName><![CDATA[toUser]]></ToUserName>
                <FromUserName><![CDATA[FromUser]]></FromUserName>
                <CreateTime>1408091189</CreateTime>
                <MsgType><![CDATA[event]]></MsgType>
                <Event><![CDATA[location_select]]></Event>
                <EventKey><![CDATA[6]]></EventKey>
                <SendLocationInfo><Location_X><![CDATA[23]]></Location_X>
                <Location_Y><![CDATA[113]]></Location_Y>
                <Scale><![CDATA[15]]></Scale>
                <Label><![CDATA[ 广州市海珠区客村艺苑路 106号]]></Label>
                <Poiname><![CDATA[]]></Poiname>
                </SendLocationInfo>
                <AgentID>1</AgentID>
                <AppType><![CDATA[wxwork]]></AppType>
                </xml>""");
        assertThat(e).isEqualTo(new LocationSelectEvent(e.raw(),
                // doc 90240's sample label starts with a space inside its CDATA: kept, as every CDATA value is
                new LocationSelectEvent.SelectedLocation(23.0, 113.0, 15, " 广州市海珠区客村艺苑路 106号", ""), "wxwork"));
    }

    @Test
    void templateCardEventWithSelections() {
        CallbackEvent e = parse("""
                <xml>
                <ToUserName><![CDATA[toUser]]></ToUserName>
                <FromUserName><![CDATA[FromUser]]></FromUserName>
                <CreateTime>123456789</CreateTime>
                <MsgType><![CDATA[event]]></MsgType>
                <Event><![CDATA[template_card_event]]></Event>
                <EventKey><![CDATA[key111]]></EventKey>
                <TaskId><![CDATA[taskid111]]></TaskId>
                <CardType><![CDATA[text_notice]]></CardType>
                <ResponseCode><![CDATA[ResponseCode]]></ResponseCode>
                <AgentID>1</AgentID>
                <SelectedItems>
                    <SelectedItem>
                        <QuestionKey><![CDATA[QuestionKey1]]></QuestionKey>
                        <OptionIds>
                            <OptionId><![CDATA[OptionId1]]></OptionId>
                            <OptionId><![CDATA[OptionId2]]></OptionId>
                        </OptionIds>
                    </SelectedItem>
                    <SelectedItem>
                        <QuestionKey><![CDATA[QuestionKey2]]></QuestionKey>
                        <OptionIds>
                            <OptionId><![CDATA[OptionId3]]></OptionId>
                            <OptionId><![CDATA[OptionId4]]></OptionId>
                        </OptionIds>
                    </SelectedItem>
                </SelectedItems>
                </xml>""");
        assertThat(e).isEqualTo(new TemplateCardEvent(e.raw(), "taskid111", "text_notice", "ResponseCode", List.of(
                new TemplateCardEvent.SelectedItem("QuestionKey1", List.of("OptionId1", "OptionId2")),
                new TemplateCardEvent.SelectedItem("QuestionKey2", List.of("OptionId3", "OptionId4")))));
        assertThat(((WeComEvent) e).eventKey()).isEqualTo("key111");
    }

    @Test
    void templateCardButtonClickHasNoSelections() {
        CallbackEvent e = parse("<xml><ToUserName>ww</ToUserName><FromUserName>lisi</FromUserName><CreateTime>5</CreateTime>"
                + "<MsgType>event</MsgType><Event>template_card_event</Event><EventKey>approve</EventKey>"
                + "<TaskId>t1</TaskId><CardType>button_interaction</CardType><ResponseCode>rc</ResponseCode>"
                + "<AgentID>1000002</AgentID></xml>");
        assertThat(e).isEqualTo(new TemplateCardEvent(e.raw(), "t1", "button_interaction", "rc", List.of()));
    }

    @Test
    void templateCardMenuEvent() {
        CallbackEvent e = parse("""
                <xml>
                <ToUserName><![CDATA[toUser]]></ToUserName>
                <FromUserName><![CDATA[FromUser]]></FromUserName>
                <CreateTime>123456789</CreateTime>
                <MsgType><![CDATA[event]]></MsgType>
                <Event><![CDATA[template_card_menu_event]]></Event>
                <EventKey><![CDATA[action_key1]]></EventKey>
                <TaskId><![CDATA[taskid111]]></TaskId>
                <CardType><![CDATA[text_notice]]></CardType>
                <ResponseCode><![CDATA[ResponseCode]]></ResponseCode>
                <AgentID>1</AgentID>
                </xml>""");
        assertThat(e).isEqualTo(new TemplateCardMenuEvent(e.raw(), "taskid111", "text_notice", "ResponseCode"));
        assertThat(((WeComEvent) e).eventKey()).isEqualTo("action_key1");
    }

    static final String CREATE_USER = """
            <xml>
            	<ToUserName><![CDATA[toUser]]></ToUserName>
            	<FromUserName><![CDATA[sys]]></FromUserName>
            	<CreateTime>1403610513</CreateTime>
            	<MsgType><![CDATA[event]]></MsgType>
            	<Event><![CDATA[change_contact]]></Event>
            	<ChangeType>create_user</ChangeType>
            	<UserID><![CDATA[zhangsan]]></UserID>
            	<Name><![CDATA[张三]]></Name>
            	<Department><![CDATA[1,2,3]]></Department>
            	<MainDepartment>1</MainDepartment>
            	<IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept>
            	<DirectLeader><![CDATA[lisi,wangwu]]></DirectLeader>
            	<Position><![CDATA[产品经理]]></Position>
            	<Mobile>13800000000</Mobile>
            	<Gender>1</Gender>
            	<Email><![CDATA[zhangsan@gzdev.com]]></Email>
            	<BizMail><![CDATA[zhangsan@qyycs2.wecom.work]]></BizMail>
            	<Status>1</Status>
            	<Avatar><![CDATA[http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0]]></Avatar>
            	<Alias><![CDATA[zhangsan]]></Alias>
            	<Telephone><![CDATA[020-123456]]></Telephone>
            	<Address><![CDATA[广州市]]></Address>
            	<ExtAttr>
            		<Item>
            		<Name><![CDATA[爱好]]></Name>
            		<Type>0</Type>
            		<Text>
            			<Value><![CDATA[旅游]]></Value>
            		</Text>
            		</Item>
            		<Item>
            		<Name><![CDATA[卡号]]></Name>
            		<Type>1</Type>
            		<Web>
            			<Title><![CDATA[企业微信]]></Title>
            			<Url><![CDATA[https://work.weixin.qq.com]]></Url>
            		</Web>
            		</Item>
            	</ExtAttr>
            </xml>""";

    @Test
    void createUserWithEveryField() {
        CallbackEvent e = parse(CREATE_USER);
        assertThat(e).isInstanceOfSatisfying(UserCreated.class, c -> {
            assertThat(c.changeType()).isEqualTo("create_user");
            assertThat(c.type()).isEqualTo("change_contact");
            assertThat(c.agentId()).isNull();
            assertThat(c.user()).isEqualTo(new ChangedUser("zhangsan", "张三", List.of(1L, 2L, 3L), 1L,
                    List.of(true, false, false), List.of("lisi", "wangwu"), "产品经理", "13800000000", "1",
                    "zhangsan@gzdev.com", "zhangsan@qyycs2.wecom.work", 1,
                    "http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0",
                    "zhangsan", "020-123456", "广州市", List.of(
                    new ChangedUser.ExtAttr("爱好", 0, "旅游", null, null, null, null),
                    new ChangedUser.ExtAttr("卡号", 1, null, "https://work.weixin.qq.com", "企业微信", null, null))));
        });
    }

    @Test
    void createUserAfterAugust2022CarriesOnlyUserIdAndDepartment() {
        CallbackEvent e = parse("<xml><ToUserName>ww</ToUserName><FromUserName>sys</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>event</MsgType><Event>change_contact</Event><ChangeType>create_user</ChangeType>"
                + "<UserID>zhangsan</UserID><Department>1,2</Department></xml>");
        assertThat(e).isInstanceOfSatisfying(UserCreated.class, c -> {
            assertThat(c.user().userId()).isEqualTo("zhangsan");
            assertThat(c.user().departments()).containsExactly(1L, 2L);
            assertThat(c.user().name()).isNull();
            assertThat(c.user().status()).isNull();
            assertThat(c.user().extAttrs()).isEmpty();
            assertThat(c.user().leaderInDepartments()).isEmpty();
        });
    }

    @Test
    void updateUserWithANewUserId() {
        String xml = CREATE_USER.replace("<ChangeType>create_user</ChangeType>",
                "<ChangeType>update_user</ChangeType>\n<NewUserID><![CDATA[zhangsan001]]></NewUserID>");
        assertThat(parse(xml)).isInstanceOfSatisfying(UserUpdated.class, u -> {
            assertThat(u.user().userId()).isEqualTo("zhangsan");
            assertThat(u.newUserId()).isEqualTo("zhangsan001");
            assertThat(u.user().name()).isEqualTo("张三");
        });
        String unchangedId = CREATE_USER.replace("create_user", "update_user");
        assertThat(parse(unchangedId)).isInstanceOfSatisfying(UserUpdated.class, u -> assertThat(u.newUserId()).isNull());
    }

    @Test
    void deleteUser() {
        CallbackEvent e = parse("""
                <xml>
                    <ToUserName><![CDATA[toUser]]></ToUserName>
                    <FromUserName><![CDATA[sys]]></FromUserName>
                    <CreateTime>1403610513</CreateTime>
                    <MsgType><![CDATA[event]]></MsgType>
                    <Event><![CDATA[change_contact]]></Event>
                    <ChangeType>delete_user</ChangeType>
                    <UserID><![CDATA[zhangsan]]></UserID>
                </xml>""");
        assertThat(e).isEqualTo(new UserDeleted(e.raw(), "zhangsan"));
    }

    @Test
    void createUpdateAndDeleteParty() {
        String create = """
                <xml>
                	<ToUserName><![CDATA[toUser]]></ToUserName>
                	<FromUserName><![CDATA[sys]]></FromUserName>
                	<CreateTime>1403610513</CreateTime>
                	<MsgType><![CDATA[event]]></MsgType>
                	<Event><![CDATA[change_contact]]></Event>
                	<ChangeType>create_party</ChangeType>
                	<Id>2</Id>
                	<Name><![CDATA[张三]]></Name>
                	<ParentId><![CDATA[1]]></ParentId>
                	<Order>1</Order>
                </xml>""";
        CallbackEvent c = parse(create);
        assertThat(c).isEqualTo(new DepartmentCreated(c.raw(), 2L, "张三", 1L, 1L));
        CallbackEvent u = parse(create.replace("create_party", "update_party").replace("\t<Order>1</Order>\n", ""));
        assertThat(u).isEqualTo(new DepartmentUpdated(u.raw(), 2L, "张三", 1L));
        CallbackEvent d = parse("""
                <xml>
                    <ToUserName><![CDATA[toUser]]></ToUserName>
                    <FromUserName><![CDATA[sys]]></FromUserName>
                    <CreateTime>1403610513</CreateTime>
                    <MsgType><![CDATA[event]]></MsgType>
                    <Event><![CDATA[change_contact]]></Event>
                    <ChangeType>delete_party</ChangeType>
                    <Id>2</Id>
                </xml>""");
        assertThat(d).isEqualTo(new DepartmentDeleted(d.raw(), 2L));
    }

    @Test
    void updateTag() {
        CallbackEvent e = parse("""
                <xml>
                	<ToUserName><![CDATA[toUser]]></ToUserName>
                	<FromUserName><![CDATA[sys]]></FromUserName>
                	<CreateTime>1403610513</CreateTime>
                	<MsgType><![CDATA[event]]></MsgType>
                	<Event><![CDATA[change_contact]]></Event>
                	<ChangeType><![CDATA[update_tag]]></ChangeType>
                	<TagId>1</TagId>
                	<AddUserItems><![CDATA[zhangsan,lisi]]></AddUserItems>
                	<DelUserItems><![CDATA[zhangsan1,lisi1]]></DelUserItems>
                	<AddPartyItems><![CDATA[1,2]]></AddPartyItems>
                	<DelPartyItems><![CDATA[3,4]]></DelPartyItems>
                </xml>""");
        assertThat(e).isEqualTo(new TagMembersUpdated(e.raw(), 1L, List.of("zhangsan", "lisi"), List.of("zhangsan1", "lisi1"),
                List.of(1L, 2L), List.of(3L, 4L)));
    }

    @Test
    void anUnknownChangeTypeIsStillAContactChange() {
        CallbackEvent e = parse("<xml><ToUserName>ww</ToUserName><FromUserName>sys</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>event</MsgType><Event>change_contact</Event><ChangeType>merge_universe</ChangeType></xml>");
        assertThat(e).isInstanceOfSatisfying(OtherContactChange.class, o -> assertThat(o.changeType()).isEqualTo("merge_universe"));
    }

    @Test
    void batchJobResult() {
        CallbackEvent e = parse("""
                <xml><ToUserName><![CDATA[wx28dbb14e3720FAKE]]></ToUserName>
                <FromUserName><![CDATA[FromUser]]></FromUserName>
                <CreateTime>1425284517</CreateTime>
                <MsgType><![CDATA[event]]></MsgType>
                <Event><![CDATA[batch_job_result]]></Event>
                <BatchJob><JobId><![CDATA[S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4]]></JobId>
                <JobType><![CDATA[sync_user]]></JobType>
                <ErrCode>0</ErrCode>
                <ErrMsg><![CDATA[ok]]></ErrMsg>
                </BatchJob>
                </xml>""");
        assertThat(e).isEqualTo(new BatchJobResultEvent(e.raw(), "S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4", "sync_user", 0, "ok"));
    }

    @Test
    void uploadMediaJobFinish() {
        CallbackEvent e = parse("""
                <xml>
                	<ToUserName><![CDATA[wx28dbb14e3720FAKE]]></ToUserName>
                	<FromUserName><![CDATA[sys]]></FromUserName>
                	<CreateTime>1425284517</CreateTime>
                	<MsgType><![CDATA[event]]></MsgType>
                	<Event><![CDATA[upload_media_job_finish]]></Event>
                	<JobId><![CDATA[jobid_S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4]]></JobId>
                </xml>""");
        assertThat(e).isEqualTo(new UploadMediaJobFinishEvent(e.raw(), "jobid_S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4"));
    }

    @Test
    void openApprovalChange() {
        CallbackEvent e = parse("""
                <xml>
                  <ToUserName><![CDATA[wwddddccc7775555aaa]]></ToUserName>
                  <FromUserName><![CDATA[sys]]></FromUserName>
                  <CreateTime>1527838022</CreateTime>
                  <MsgType><![CDATA[event]]></MsgType>
                  <Event><![CDATA[open_approval_change]]></Event>
                  <AgentID>1</AgentID>
                  <ApprovalInfo>
                    <ThirdNo><![CDATA[201806010001]]></ThirdNo>
                    <OpenSpName><![CDATA[付款]]></OpenSpName>
                    <OpenTemplateId><![CDATA[1234567890]]></OpenTemplateId>
                    <OpenSpStatus>1</OpenSpStatus>
                    <ApplyTime>1527837645</ApplyTime>
                    <ApplyUserName><![CDATA[xiaoming]]></ApplyUserName>
                    <ApplyUserId><![CDATA[1]]></ApplyUserId>
                    <ApplyUserParty><![CDATA[产品部]]></ApplyUserParty>
                    <ApplyUserImage><![CDATA[http://www.qq.com/xxx.png]]></ApplyUserImage>
                    <ApprovalNodes>
                      <ApprovalNode>
                        <NodeStatus>1</NodeStatus>
                        <NodeAttr>1</NodeAttr>
                        <NodeType>1</NodeType>
                        <Items>
                          <Item>
                            <ItemName><![CDATA[xiaohong]]></ItemName>
                            <ItemUserId><![CDATA[2]]></ItemUserId>
                            <ItemImage><![CDATA[http://www.qq.com/xxx.png]]></ItemImage>
                            <ItemStatus>1</ItemStatus>
                            <ItemSpeech><![CDATA[]]></ItemSpeech>
                            <ItemOpTime>0</ItemOpTime>
                          </Item>
                        </Items>
                      </ApprovalNode>
                    </ApprovalNodes>
                    <NotifyNodes>
                      <NotifyNode>
                        <ItemName><![CDATA[xiaogang]]></ItemName>
                        <ItemUserId><![CDATA[3]]></ItemUserId>
                        <ItemImage><![CDATA[http://www.qq.com/xxx.png]]></ItemImage>
                      </NotifyNode>
                    </NotifyNodes>
                    <approverstep>0</approverstep>
                  </ApprovalInfo>
                </xml>""");
        assertThat(e).isEqualTo(new OpenApprovalChangeEvent(e.raw(), new OpenApprovalChangeEvent.Info("201806010001", "付款",
                "1234567890", 1, 1527837645L, "xiaoming", "1", "产品部", "http://www.qq.com/xxx.png",
                List.of(new OpenApprovalChangeEvent.Node(1, 1, 1, List.of(new OpenApprovalChangeEvent.Approver("xiaohong", "2",
                        "http://www.qq.com/xxx.png", 1, "", 0L)))),
                List.of(new OpenApprovalChangeEvent.Person("xiaogang", "3", "http://www.qq.com/xxx.png")), 0)));
    }

    @Test
    void sysApprovalChange() {
        CallbackEvent e = parse("""
                <xml>
                  <ToUserName><![CDATA[ww1cSD21f1e9c0caaa]]></ToUserName>
                  <FromUserName><![CDATA[sys]]></FromUserName>
                  <CreateTime>1571732272</CreateTime>
                  <MsgType><![CDATA[event]]></MsgType>
                  <Event><![CDATA[sys_approval_change]]></Event>
                  <AgentID>3010040</AgentID>
                  <ApprovalInfo>
                    <SpNoStr><![CDATA[201910220003]]></SpNoStr>
                    <SpNo>201910220003</SpNo>
                    <SpName><![CDATA[示例模板]]></SpName>
                    <SpStatus>1</SpStatus>
                    <TemplateId><![CDATA[3TkaH5KFbrG9heEQWLJjhgpFwmqAFB4dLEnapaB7aaa]]></TemplateId>
                    <ApplyTime>1571728713</ApplyTime>
                    <Applyer>
                      <UserId><![CDATA[WuJunJie]]></UserId>
                      <Party><![CDATA[1]]></Party>
                    </Applyer>
                    <SpRecord>
                      <SpStatus>1</SpStatus>
                      <ApproverAttr>1</ApproverAttr>
                      <Details>
                        <Approver>
                          <UserId><![CDATA[WangXiaoMing]]></UserId>
                        </Approver>
                        <Speech><![CDATA[]]></Speech>
                        <SpStatus>1</SpStatus>
                        <SpTime>0</SpTime>
                      </Details>
                    </SpRecord>
                    <SpRecord>
                      <SpStatus>1</SpStatus>
                      <ApproverAttr>1</ApproverAttr>
                      <Details>
                        <Approver>
                          <UserId><![CDATA[XiaoHongLiu]]></UserId>
                        </Approver>
                        <Speech><![CDATA[]]></Speech>
                        <SpStatus>1</SpStatus>
                        <SpTime>0</SpTime>
                      </Details>
                    </SpRecord>
                    <Notifyer>
                      <UserId><![CDATA[ChengLiang]]></UserId>
                    </Notifyer>
                    <Comments>
                      <CommentUserInfo>
                        <UserId><![CDATA[LiuZhi]]></UserId>
                      </CommentUserInfo>
                      <CommentTime>1571732272</CommentTime>
                      <CommentContent><![CDATA[这是一个备注]]></CommentContent>
                      <CommentId><![CDATA[6750538708562308220]]></CommentId>
                    </Comments>
                    <StatuChangeEvent>10</StatuChangeEvent>
                  </ApprovalInfo>
                </xml>""");
        assertThat(e).isEqualTo(new SysApprovalChangeEvent(e.raw(), new SysApprovalChangeEvent.Info("201910220003", "示例模板", 1,
                "3TkaH5KFbrG9heEQWLJjhgpFwmqAFB4dLEnapaB7aaa", 1571728713L, "WuJunJie", "1", List.of(
                new SysApprovalChangeEvent.Record(1, 1, List.of(new SysApprovalChangeEvent.Detail("WangXiaoMing", "", 1, 0L))),
                new SysApprovalChangeEvent.Record(1, 1, List.of(new SysApprovalChangeEvent.Detail("XiaoHongLiu", "", 1, 0L)))),
                List.of("ChengLiang"), List.of(new SysApprovalChangeEvent.Comment("LiuZhi", 1571732272L, "这是一个备注",
                "6750538708562308220")), 10)));
    }

    @Test
    void sharedAppChanges() {
        String xml = """
                <xml>
                    <ToUserName><![CDATA[toUser]]></ToUserName>
                    <FromUserName><![CDATA[sys]]></FromUserName>
                    <CreateTime>1403610513</CreateTime>
                    <MsgType><![CDATA[event]]></MsgType>
                    <Event><![CDATA[share_agent_change]]></Event>
                    <AgentID>1</AgentID>
                </xml>""";
        assertThat(parse(xml)).isInstanceOf(ShareAgentChangeEvent.class);
        assertThat(parse(xml.replace("share_agent_change", "share_chain_change"))).isInstanceOf(ShareChainChangeEvent.class);
    }

    @Test
    void anUnknownEventIsGenericWithItsNameAndKey() {
        CallbackEvent e = parse("<xml><ToUserName>ww</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>event</MsgType><Event>teleport</Event><EventKey>k</EventKey><Nested><A>1</A></Nested></xml>");
        assertThat(e).isInstanceOfSatisfying(OtherEvent.class, o -> {
            assertThat(o.event()).isEqualTo("teleport");
            assertThat(o.eventKey()).isEqualTo("k");
            assertThat(o.type()).isEqualTo("teleport");
            assertThat(o.raw().fields()).containsEntry("Nested", "<A>1</A>");
        });
    }

    @Test
    void unreadableNumbersAreNullNotFailures() {
        CallbackEvent e = parse("<xml><ToUserName>ww</ToUserName><FromUserName>sys</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>event</MsgType><Event>change_contact</Event><ChangeType>create_party</ChangeType>"
                + "<Id>two</Id><ParentId>1</ParentId></xml>");
        assertThat(e).isEqualTo(new DepartmentCreated(e.raw(), null, null, 1L, null));
    }
}
