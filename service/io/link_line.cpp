#include "io/link_line.hpp"

#include <sys/epoll.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "io/serial.hpp"

namespace ppp::io {

TtyLine::TtyLine(EventLoop& loop, Fd fd, Handlers handlers)
    : loop_(loop), fd_(std::move(fd)), handlers_(std::move(handlers)), in_(kReadChunk) {
    source_ = loop_.add_io(fd_.get(), EPOLLIN, [this](std::uint32_t revents) { on_event(revents); });
    sd_event_source_set_enabled(source_.get(), SD_EVENT_OFF);
}

TtyLine::~TtyLine() = default;

void TtyLine::resume() {
    reading_ = true;
    update_events();
}

void TtyLine::pause() {
    reading_ = false;
    update_events();
}

void TtyLine::update_events() {
    if (!source_) return;
    std::uint32_t events = 0;
    if (reading_ && !hung_up_) events |= EPOLLIN;
    if (queued() > 0 && !hung_up_) events |= EPOLLOUT;
    if (events == 0) {
        sd_event_source_set_enabled(source_.get(), SD_EVENT_OFF);
        return;
    }
    sd_event_source_set_io_events(source_.get(), events);
    sd_event_source_set_enabled(source_.get(), SD_EVENT_ON);
}

bool TtyLine::write(Bytes bytes) {
    if (bytes.empty() || !fd_ || hung_up_) return true;
    if (queued() + bytes.size() > kHardLimit) return false;
    if (queued() == 0) {
        // Nothing ahead of these bytes: try the device first, queue the rest.
        out_.clear();
        out_head_ = 0;
        const ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
        std::size_t done = 0;
        if (n > 0) {
            done = static_cast<std::size_t>(n);
            if (record_) record_->sent(bytes.first(done));
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            // EIO and the like: the line is going away; the read side reports it.
            return true;
        }
        if (done == bytes.size()) return true;
        out_.assign(bytes.begin() + static_cast<std::ptrdiff_t>(done), bytes.end());
        update_events();
        return true;
    }
    out_.insert(out_.end(), bytes.begin(), bytes.end());
    return true;
}

void TtyLine::write_pending() {
    while (queued() > 0) {
        const ssize_t n = ::write(fd_.get(), out_.data() + out_head_, queued());
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) break;
            // A dead line: drop the queue; the read side reports the hangup.
            out_.clear();
            out_head_ = 0;
            break;
        }
        if (record_) record_->sent(Bytes{out_.data() + out_head_, static_cast<std::size_t>(n)});
        out_head_ += static_cast<std::size_t>(n);
    }
    if (queued() == 0) {
        out_.clear();
        out_head_ = 0;
    } else if (out_head_ > out_.size() / 2) {
        out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(out_head_));
        out_head_ = 0;
    }
}

void TtyLine::flush_now() {
    if (fd_ && !hung_up_) write_pending();
}

void TtyLine::on_event(std::uint32_t revents) {
    if (revents & EPOLLOUT) {
        write_pending();
        update_events();
        if (queued() == 0 && handlers_.drained) handlers_.drained();
    }
    if (revents & EPOLLIN) {
        read_some();
    } else if (revents & (EPOLLHUP | EPOLLERR)) {
        signal_hangup();
    }
}

void TtyLine::read_some() {
    for (int i = 0; i < kMaxReadsPerWakeup && reading_ && !hung_up_; ++i) {
        const ssize_t n = ::read(fd_.get(), in_.data(), in_.size());
        if (n > 0) {
            if (record_) record_->received(Bytes{in_.data(), static_cast<std::size_t>(n)});
            handlers_.data(Bytes{in_.data(), static_cast<std::size_t>(n)});
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return;
        // End of file or EIO: carrier lost / the other side of a pty closed.
        signal_hangup();
        return;
    }
}

void TtyLine::signal_hangup() {
    if (hung_up_) return;
    hung_up_ = true;
    if (record_) record_->end_received();
    update_events();
    if (handlers_.hangup) handlers_.hangup();
}

void TtyLine::hang_up_and_close() {
    source_.reset();
    record_.reset();  // ends both streams in the record
    if (fd_) {
        hangup_serial(fd_.get());
        fd_.reset();
    }
    hung_up_ = true;
    reading_ = false;
    out_.clear();
    out_head_ = 0;
}

}  // namespace ppp::io
