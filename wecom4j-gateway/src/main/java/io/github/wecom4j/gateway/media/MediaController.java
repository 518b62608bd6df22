package io.github.wecom4j.gateway.media;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code POST /api/media} (multipart {@code file} + {@code kind}) keeps a file;
 * {@code GET /api/media/{id}/media-id} returns a media_id that is valid now, for use in messages.
 */
@RestController
class MediaController {

    private final DurableMediaService media;

    MediaController(DurableMediaService media) {
        this.media = media;
    }

    @PostMapping("/api/media")
    ResponseEntity<DurableMediaService.View> store(@RequestParam("file") MultipartFile file,
                                                   @RequestParam(defaultValue = "file") String kind) throws IOException {
        // cleaned (basename, no control characters, bounded) by the service, never used as a path
        return ResponseEntity.status(HttpStatus.CREATED).body(media.store(kind, file.getOriginalFilename(), file.getBytes()));
    }

    @GetMapping("/api/media/{id}")
    DurableMediaService.View view(@PathVariable String id) {
        return media.view(id);
    }

    @GetMapping("/api/media/{id}/media-id")
    DurableMediaService.View mediaId(@PathVariable String id) {
        return media.currentMediaId(id);
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<Map<String, Object>> notFound(NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errcode", 40007, "errmsg", e.getMessage(),
                "hint", "no durable media with this id / 没有该媒体"));
    }
}
