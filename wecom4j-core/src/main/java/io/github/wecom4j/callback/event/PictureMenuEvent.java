package io.github.wecom4j.callback.event;

import java.util.List;

/**
 * A picture button sent pictures ({@code SendPicsInfo}); the pictures themselves follow as image
 * messages, these are their MD5 sums.
 */
public sealed interface PictureMenuEvent extends MenuEvent permits PicSysPhotoEvent, PicPhotoOrAlbumEvent, PicWeixinEvent {

    /** {@code PicList/item/PicMd5Sum}, in order. */
    List<String> picMd5Sums();
}
