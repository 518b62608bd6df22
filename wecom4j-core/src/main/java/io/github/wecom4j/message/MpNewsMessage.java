package io.github.wecom4j.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mpnews}: 1 to 8 articles stored by WeCom, with HTML content up to 666 KB (doc 90236). The
 * only type that supports {@code safe=2} (shareable inside the corp only).
 */
public record MpNewsMessage(List<Article> articles) implements Message {

    public static final int MAX_CONTENT_BYTES = 666 * 1024;

    /** One article: title, thumb_media_id, author (64 B), content_source_url, content (666 KB), digest (512 B). */
    public record Article(String title, String thumbMediaId, String author, String contentSourceUrl, String content,
                          String digest) {

        public static Article of(String title, String thumbMediaId, String content) {
            return new Article(title, thumbMediaId, null, null, content, null);
        }

        public Article withAuthor(String author) {
            return new Article(title, thumbMediaId, author, contentSourceUrl, content, digest);
        }

        public Article withDigest(String digest) {
            return new Article(title, thumbMediaId, author, contentSourceUrl, content, digest);
        }

        public Article withSourceUrl(String url) {
            return new Article(title, thumbMediaId, author, url, content, digest);
        }

        Map<String, Object> toMap() {
            return Json.object().put("title", title).put("thumb_media_id", thumbMediaId).put("author", author)
                    .put("content_source_url", contentSourceUrl).put("content", content).put("digest", digest).build();
        }

        void validate(int i) {
            String f = "mpnews.articles[" + i + "].";
            Check.required(title, f + "title");
            Check.maxBytes(title, 128, f + "title");
            Check.mediaId(thumbMediaId, f + "thumb_media_id");
            Check.maxBytes(author, 64, f + "author");
            Check.required(content, f + "content");
            Check.maxBytes(content, MAX_CONTENT_BYTES, f + "content", Check.CONTENT_TOO_LARGE);
            Check.maxBytes(digest, 512, f + "digest");
            if (contentSourceUrl != null) {
                Check.httpUrl(contentSourceUrl, f + "content_source_url");
            }
        }
    }

    public MpNewsMessage {
        articles = articles == null ? List.of() : List.copyOf(articles);
    }

    public static MpNewsMessage of(Article... articles) {
        return new MpNewsMessage(List.of(articles));
    }

    @Override
    public String msgtype() {
        return "mpnews";
    }

    @Override
    public Map<String, Object> payload() {
        List<Object> list = new ArrayList<>();
        articles.forEach(a -> list.add(a.toMap()));
        return Json.object().put("articles", list).build();
    }

    @Override
    public void validate() {
        Check.count(articles, 1, 8, "mpnews.articles");
        for (int i = 0; i < articles.size(); i++) {
            articles.get(i).validate(i);
        }
    }
}
