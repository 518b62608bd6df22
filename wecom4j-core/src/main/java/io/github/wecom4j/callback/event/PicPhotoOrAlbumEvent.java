package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

import java.util.List;

/** Event {@code pic_photo_or_album}: pictures sent through the camera or the album. */
public record PicPhotoOrAlbumEvent(CallbackMessage raw, List<String> picMd5Sums) implements PictureMenuEvent {
    public PicPhotoOrAlbumEvent {
        picMd5Sums = List.copyOf(picMd5Sums);
    }
}
