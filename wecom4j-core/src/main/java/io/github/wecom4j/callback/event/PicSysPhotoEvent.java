package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

import java.util.List;

/** Event {@code pic_sysphoto}: pictures sent through the system camera. */
public record PicSysPhotoEvent(CallbackMessage raw, List<String> picMd5Sums) implements PictureMenuEvent {
    public PicSysPhotoEvent {
        picMd5Sums = List.copyOf(picMd5Sums);
    }
}
