package io.github.sockopt4j.bootapp;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * An upload service as many are written: a raw-body endpoint that rejects an upload it will not
 * take before reading it (413), a multipart endpoint bounded by
 * {@code spring.servlet.multipart.max-file-size} (1 MB here: Spring answers 413 for more), a
 * small GET, and {@code POST /echo}, which reads a small body whole (the load benchmark's request).
 */
@SpringBootApplication
@RestController
public class UploadApp {
    static final String TOO_LARGE = "upload too large\n";

    public static void main(String[] args) {
        SpringApplication.run(UploadApp.class, args);
    }

    @PostMapping("/upload")
    ResponseEntity<String> upload(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(TOO_LARGE);
    }

    @PostMapping("/multipart")
    String multipart(@RequestParam("file") MultipartFile file) {
        return "stored " + file.getSize() + " bytes\n";
    }

    @PostMapping("/echo")
    String echo(@RequestBody byte[] body) {
        return body.length + " bytes\n";
    }

    @GetMapping("/hello")
    String hello() {
        return "hello\n";
    }
}
