// The simulator's end of the serial line: a pty master whose slave is
// symlinked at the link path, read through the event loop, with a bounded
// output buffer drained on EPOLLOUT.
//
// "Carrier" is the pty itself: close() makes the client's reads fail with
// EIO (a hang-up), open() makes a fresh pty and re-points the symlink. When
// every client fd on the slave is closed, the master reports EPOLLHUP: the
// line stops being watched (no busy loop) and `closed` is called; the owner
// decides what follows (normally close() + open()).
//
// Closing the master throws away whatever the client has not read yet, so a
// hang-up that follows a reply ("OK" to ATH) first waits for the client to
// read it: when_drained().
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "io/event_loop.hpp"
#include "io/fd.hpp"

namespace ppp::sim {

class PtyLine {
public:
    struct Handlers {
        std::function<void(Bytes)> input;  // bytes the client wrote
        std::function<void()> closed;      // the client closed its end
        std::function<void()> drained;     // the output buffer became empty
    };

    // Bytes queued beyond this are dropped (a client that never reads cannot
    // make the simulator grow without bound).
    static constexpr std::size_t kMaxPending = 1 << 20;

    PtyLine(io::EventLoop& loop, std::string link, Handlers handlers);
    // Closes the line and removes the symlink if it still points at our pty.
    ~PtyLine();
    PtyLine(const PtyLine&) = delete;
    PtyLine& operator=(const PtyLine&) = delete;

    // A fresh pty, its slave symlinked at the link path. Throws std::system_error.
    void open();
    // Drops the line; queued output that the pty accepts right now is written first.
    void close();
    // Calls `done` once the client has read everything written so far, or
    // after `limit`. Watches the slave with inotify (IN_ACCESS) and asks the
    // kernel how much is unread (FIONREAD on a peer fd); when the pty cannot
    // be opened for that (a non-root simulator and a TIOCEXCL client),
    // `done` runs at once. close() cancels the wait.
    void when_drained(Duration limit, std::function<void()> done);
    bool is_open() const { return static_cast<bool>(master_); }

    void write(Bytes bytes);
    std::size_t pending() const { return out_.size() - out_off_; }
    std::uint64_t dropped() const { return dropped_; }
    const std::string& link() const { return link_; }
    const std::string& slave_path() const { return slave_path_; }

private:
    void on_io(std::uint32_t revents);
    void flush();
    void watch(bool want_output);
    void check_drained();
    void finish_drain();
    void cancel_drain();

    io::EventLoop& loop_;
    std::string link_;
    Handlers handlers_;
    io::Fd master_;
    std::string slave_path_;
    io::Source source_;
    bool watching_output_ = false;
    std::uint64_t generation_ = 0;  // changes whenever the pty is closed or replaced
    std::vector<std::uint8_t> out_;
    std::size_t out_off_ = 0;
    std::uint64_t dropped_ = 0;
    std::array<std::uint8_t, 4096> in_{};
    // when_drained()
    std::function<void()> drain_done_;
    io::Fd peer_;      // our own fd on the slave, for FIONREAD
    io::Fd inotify_;   // IN_ACCESS / IN_CLOSE on the slave
    io::Source inotify_source_;
    io::Source drain_timer_;
};

}  // namespace ppp::sim
