"""Python's own HTTP and TLS clients against the test servers: one line per trial on stdout.

usage: clients.py http.client|https.client|urllib|ssl|https-close PORT BODY_FILE TRIALS
A trial prints the HTTP status it got ("413"), "alert <reason>" for a TLS alert from the server,
"clean" / "reset" for https-close, or the name and text of the exception that ended it (what an
application using the client sees).
"""
import errno
import time
import http.client
import socket
import ssl
import sys
import urllib.error
import urllib.request

TIMEOUT = 20


def with_http_client(port, body):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request("POST", "/upload", body=body, headers={"Content-Type": "application/octet-stream"})
        return str(conn.getresponse().status)
    finally:
        conn.close()


def with_https_client(port, body):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=TIMEOUT, context=context)
    try:
        conn.request("POST", "/upload", body=body, headers={"Content-Type": "application/octet-stream"})
        return str(conn.getresponse().status)
    finally:
        conn.close()


def with_urllib(port, body):
    request = urllib.request.Request("http://127.0.0.1:%d/upload" % port, data=body, method="POST",
                                     headers={"Content-Type": "application/octet-stream"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return str(response.status)
    except urllib.error.HTTPError as e:
        return str(e.code)


def with_ssl(port, body):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw:
        with context.wrap_socket(raw) as tls:
            try:
                tls.sendall(body)
                tls.recv(1)
                return "no alert"
            except ssl.SSLError as e:
                if "ALERT" in (e.reason or ""):
                    return "alert " + e.reason
                raise


def with_https_close(port, body):
    """GET with Connection: close over TLS, read to the server's close_notify, answer with ours
    (SSL_shutdown, as a client closing cleanly does), then ask the kernel whether the server reset
    the connection: after the server's FIN a reset is recorded as EPIPE in SO_ERROR."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw:
        tls = context.wrap_socket(raw)
        tls.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        response = b""
        while True:
            try:
                chunk = tls.recv(65536)
            except ssl.SSLZeroReturnError:
                break
            if not chunk:
                break
            response += chunk
        if not response.startswith(b"HTTP/1.1 200"):
            return "no response: %r" % response[:40]
        plain = tls.unwrap()
        time.sleep(0.05)  # loopback: an RST answering our close_notify has arrived by then
        error = plain.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        return "clean" if error == 0 else "reset (SO_ERROR=%s)" % errno.errorcode.get(error, error)


def main():
    mode, port, body_file, trials = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    client = {"http.client": with_http_client, "https.client": with_https_client, "urllib": with_urllib, "ssl": with_ssl,
              "https-close": with_https_close}[mode]
    with open(body_file, "rb") as f:
        body = f.read()
    for _ in range(trials):
        try:
            outcome = client(port, body)
        except Exception as e:  # the outcome of the trial, not a failure of this script
            outcome = "%s: %s" % (type(e).__name__, e)
        print(outcome.replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
