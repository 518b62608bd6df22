package io.github.wecom4j.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code news}: 1 to 8 link articles (doc 90236). An article opens {@code url}, or a mini-program
 * page when {@code appid} and {@code pagepath} are both set (they then take precedence).
 */
public record NewsMessage(List<Article> articles) implements Message {

    /** One article: title (128 B), description (512 B), url (2048 B), picurl, optional mini-program. */
    public record Article(String title, String description, String url, String picUrl, String appId, String pagePath) {

        public static Article link(String title, String url) {
            return new Article(title, null, url, null, null, null);
        }

        public Article withDescription(String description) {
            return new Article(title, description, url, picUrl, appId, pagePath);
        }

        public Article withPicture(String picUrl) {
            return new Article(title, description, url, picUrl, appId, pagePath);
        }

        public Article withMiniProgram(String appId, String pagePath) {
            return new Article(title, description, url, picUrl, appId, pagePath);
        }

        Map<String, Object> toMap() {
            return Json.object().put("title", title).put("description", description).put("url", url)
                    .put("picurl", picUrl).put("appid", appId).put("pagepath", pagePath).build();
        }

        void validate(int i) {
            String f = "news.articles[" + i + "].";
            Check.required(title, f + "title");
            Check.maxBytes(title, 128, f + "title");
            Check.maxBytes(description, 512, f + "description");
            boolean miniProgram = !Check.blank(appId) && !Check.blank(pagePath);
            if (!miniProgram) {
                Check.required(url, f + "url (or appid + pagepath)");
            }
            if (url != null) {
                Check.httpUrl(url, f + "url");
            }
            if (picUrl != null) {
                Check.httpUrl(picUrl, f + "picurl");
            }
        }
    }

    public NewsMessage {
        articles = articles == null ? List.of() : List.copyOf(articles);
    }

    public static NewsMessage of(Article... articles) {
        return new NewsMessage(List.of(articles));
    }

    @Override
    public String msgtype() {
        return "news";
    }

    @Override
    public Map<String, Object> payload() {
        List<Object> list = new ArrayList<>();
        articles.forEach(a -> list.add(a.toMap()));
        return Json.object().put("articles", list).build();
    }

    @Override
    public void validate() {
        Check.count(articles, 1, 8, "news.articles");
        for (int i = 0; i < articles.size(); i++) {
            articles.get(i).validate(i);
        }
    }
}
