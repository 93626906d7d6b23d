// An owned file descriptor, and errno-carrying errors for the io layer.
#pragma once

#include <string>
#include <system_error>

namespace ppp::io {

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(o.release()) {}
    Fd& operator=(Fd&& o) noexcept;
    ~Fd();
    int get() const { return fd_; }
    int release() { int f = fd_; fd_ = -1; return f; }
    void reset(int fd = -1);
    explicit operator bool() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

// Throws std::system_error(errno) with "what: strerror".
[[noreturn]] void throw_errno(const std::string& what);
[[noreturn]] void throw_errno(int err, const std::string& what);

void set_nonblocking(int fd, bool on = true);
void set_cloexec(int fd, bool on = true);

}  // namespace ppp::io
