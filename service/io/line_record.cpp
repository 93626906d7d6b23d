#include "io/line_record.hpp"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace ppp::io {
namespace {

// Wall-clock time in whole tenths of a second, as pppd's record_write counts.
std::int64_t tenths_now(std::int64_t* seconds = nullptr) {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    if (seconds) *seconds = ts.tv_sec;
    return static_cast<std::int64_t>(ts.tv_sec) * 10 + ts.tv_nsec / 100'000'000;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

}  // namespace

LineRecord::LineRecord(const std::string& path, ErrorHandler on_error)
    : fd_(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600)),
      path_(path),
      on_error_(std::move(on_error)) {
    if (!fd_) throw_errno("cannot open record file " + path);
    std::int64_t seconds = 0;
    tenths_now(&seconds);
    // The start mark carries whole seconds; time steps count from there.
    last_tenths_ = seconds * 10;
    buf_.push_back(7);
    put32(buf_, static_cast<std::uint32_t>(seconds));
    flush();
}

LineRecord::~LineRecord() {
    end_sent();
    end_received();
}

void LineRecord::end_sent() {
    if (sent_ended_) return;
    sent_ended_ = true;
    mark(3);
}

void LineRecord::end_received() {
    if (received_ended_) return;
    received_ended_ = true;
    mark(4);
}

void LineRecord::stamp() {
    const std::int64_t now = tenths_now();
    const std::int64_t diff = now - last_tenths_;
    if (diff <= 0) return;
    if (diff > 255) {
        buf_.push_back(5);
        put32(buf_, static_cast<std::uint32_t>(std::min<std::int64_t>(diff, 0x7fffffff)));
    } else {
        buf_.push_back(6);
        buf_.push_back(static_cast<std::uint8_t>(diff));
    }
    last_tenths_ = now;
}

void LineRecord::mark(std::uint8_t code) {
    if (!fd_) return;
    stamp();
    buf_.push_back(code);
    flush();
}

void LineRecord::data(std::uint8_t code, Bytes bytes) {
    if (!fd_ || bytes.empty()) return;
    stamp();
    // The length field is 16 bits: a big read becomes several entries.
    for (std::size_t at = 0; at < bytes.size(); at += 0xffff) {
        const std::size_t n = std::min<std::size_t>(bytes.size() - at, 0xffff);
        buf_.push_back(code);
        buf_.push_back(static_cast<std::uint8_t>(n >> 8));
        buf_.push_back(static_cast<std::uint8_t>(n));
        buf_.insert(buf_.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at),
                    bytes.begin() + static_cast<std::ptrdiff_t>(at + n));
    }
    flush();
}

void LineRecord::flush() {
    std::size_t done = 0;
    while (done < buf_.size()) {
        const ssize_t n = ::write(fd_.get(), buf_.data() + done, buf_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string reason = "Error writing record file " + path_ + ": " + std::strerror(errno);
            fd_.reset();
            buf_.clear();
            if (on_error_) on_error_(reason);
            return;
        }
        done += static_cast<std::size_t>(n);
    }
    buf_.clear();
}

}  // namespace ppp::io
