package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

import java.util.List;

/** Event {@code pic_weixin}: pictures sent through the WeChat album picker. */
public record PicWeixinEvent(CallbackMessage raw, List<String> picMd5Sums) implements PictureMenuEvent {
    public PicWeixinEvent {
        picMd5Sums = List.copyOf(picMd5Sums);
    }
}
