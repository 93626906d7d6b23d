#include "io/secrets_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "io/fd.hpp"

namespace ppp::io {
namespace {

constexpr std::size_t kMaxFileSize = 16 * 1024 * 1024;

std::string octal_mode(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

// Refuses a secrets file others could read or change, as pppd warns about
// (pppd only warns; a service that runs for every user must refuse).
void check_private(const std::string& path, const struct stat& st) {
    if (st.st_uid != 0) {
        throw config::Error(path, 0,
                            path + " is owned by uid " + std::to_string(st.st_uid) +
                                ", not root; secrets files must be root's: run: chown root:root " + path +
                                " && chmod 600 " + path);
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        const char* what = (st.st_mode & (S_IRGRP | S_IROTH)) ? "readable" : "writable or executable";
        throw config::Error(path, 0,
                            path + " is " + what + " by group or others (mode " + octal_mode(st.st_mode) +
                                "); secrets must be private: run: chmod 600 " + path);
    }
}

// The file's contents; nullopt when it does not exist. Throws config::Error
// when it exists but cannot be read, or (enforcing) is not private.
std::optional<std::string> read_secret_file(const std::string& path, bool enforce) {
    // O_NONBLOCK: a FIFO must not block the service; only regular files are read.
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd) {
        if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
        throw config::Error(path, 0, "cannot open " + path + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0) throw config::Error(path, 0, "cannot stat " + path + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw config::Error(path, 0, path + " is not a regular file");
    if (enforce) check_private(path, st);
    std::string contents;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw config::Error(path, 0, "cannot read " + path + ": " + std::strerror(errno));
        }
        if (n == 0) break;
        if (contents.size() + static_cast<std::size_t>(n) > kMaxFileSize)
            throw config::Error(path, 0, path + " is larger than 16 MiB");
        contents.append(buf, static_cast<std::size_t>(n));
    }
    return contents;
}

}  // namespace

secrets::ParseResult load_secrets_file(const std::string& path, bool enforce_permissions) {
    const auto text = read_secret_file(path, enforce_permissions);
    if (!text) return {};
    // @/path secrets: missing → nullopt (the line's error says so); refused → its error.
    const config::FileLoader load = [enforce_permissions](const std::string& secret_path) {
        return read_secret_file(secret_path, enforce_permissions);
    };
    return secrets::parse(*text, path, load);
}

}  // namespace ppp::io
