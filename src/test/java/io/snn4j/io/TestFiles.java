package io.snn4j.io;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test resources as paths. */
final class TestFiles {
    private TestFiles() {
    }

    static Path resource(String name) {
        try {
            var url = TestFiles.class.getResource("/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
