// The serial line of a Link: non-blocking reads in chunks into a reused
// buffer, and writes through a bounded output queue that waits for EPOLLOUT
// when the device is full, so the event loop never blocks on the modem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/types.hpp"
#include "io/event_loop.hpp"
#include "io/fd.hpp"
#include "io/line_record.hpp"

namespace ppp::io {

class TtyLine {
public:
    struct Handlers {
        std::function<void(Bytes)> data;     // bytes read from the device
        std::function<void()> hangup;        // POLLHUP / EIO / end of file
        std::function<void()> drained;       // the output queue became empty
    };

    // Takes the open device; reading starts with resume().
    TtyLine(EventLoop& loop, Fd fd, Handlers handlers);
    TtyLine(const TtyLine&) = delete;
    TtyLine& operator=(const TtyLine&) = delete;
    ~TtyLine();

    int fd() const { return fd_.get(); }
    // The device reported a hangup (it reads and writes nothing any more).
    bool hung_up() const { return hung_up_; }

    // Reading on/off (off while an external connect command owns the line).
    void resume();
    void pause();

    // Queues `bytes` behind anything pending and writes what the device takes
    // now. Returns false (nothing queued) when the queue would exceed the
    // hard limit.
    bool write(Bytes bytes);
    // Bytes waiting for the device.
    std::size_t queued() const { return out_.size() - out_head_; }

    // Writes what the device takes right now, without waiting (teardown).
    void flush_now();
    // Drops DTR (hangup_serial) and closes the device; the line is dead after.
    void hang_up_and_close();

    // `record FILE`: every byte read from and written to the device from
    // now on goes to `record` too, until the line closes.
    void record_to(std::unique_ptr<LineRecord> record) { record_ = std::move(record); }

    static constexpr std::size_t kHardLimit = 1 << 20;
    static constexpr std::size_t kReadChunk = 64 * 1024;
    // Reads per wake-up before returning to the loop (fairness).
    static constexpr int kMaxReadsPerWakeup = 16;

private:
    void on_event(std::uint32_t revents);
    void read_some();
    void write_pending();
    void update_events();
    void signal_hangup();

    EventLoop& loop_;
    Fd fd_;
    Handlers handlers_;
    Source source_;
    bool reading_ = false;
    bool hung_up_ = false;
    std::vector<std::uint8_t> in_;
    std::vector<std::uint8_t> out_;
    std::size_t out_head_ = 0;
    std::unique_ptr<LineRecord> record_;
};

}  // namespace ppp::io
