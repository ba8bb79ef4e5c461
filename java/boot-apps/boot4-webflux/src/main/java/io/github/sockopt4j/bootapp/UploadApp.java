package io.github.sockopt4j.bootapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An upload service on WebFlux: a raw-body endpoint that rejects an upload it will not take
 * before reading it (413), and a small GET. (A multipart upload goes to the same endpoint.)
 */
@SpringBootApplication
@RestController
public class UploadApp {
    static final String TOO_LARGE = "upload too large\n";

    public static void main(String[] args) {
        SpringApplication.run(UploadApp.class, args);
    }

    @PostMapping({"/upload", "/multipart"})
    Mono<ResponseEntity<String>> upload() {
        return Mono.just(ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(TOO_LARGE));
    }

    @GetMapping("/hello")
    Mono<String> hello() {
        return Mono.just("hello\n");
    }
}
