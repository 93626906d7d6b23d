// pppd's `record FILE`: every byte sent and received on the serial line,
// appended to FILE in the tagged format pppdump(8) reads:
//   7 + 4-byte seconds        start of a recording (wall clock)
//   5 + 4-byte / 6 + 1-byte   time step, in tenths of a second
//   1 / 2 + 2-byte length     data sent / received
//   3 / 4                     end of the sent / received stream
// (numbers big-endian). Opened by the daemon as root, created 0600.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "io/fd.hpp"

namespace ppp::io {

class LineRecord {
public:
    using ErrorHandler = std::function<void(const std::string&)>;

    // Opens `path` for appending and writes the start mark. Throws
    // std::system_error ("cannot open record file PATH: ...").
    // `on_error` hears once of a failed write; nothing is recorded after it.
    LineRecord(const std::string& path, ErrorHandler on_error);
    LineRecord(const LineRecord&) = delete;
    LineRecord& operator=(const LineRecord&) = delete;
    // Ends both streams (3, 4) unless they were ended already.
    ~LineRecord();

    void sent(Bytes bytes) { data(1, bytes); }
    void received(Bytes bytes) { data(2, bytes); }
    void end_sent();
    void end_received();

private:
    void data(std::uint8_t code, Bytes bytes);
    void mark(std::uint8_t code);
    void stamp();
    void flush();

    Fd fd_;
    std::string path_;
    ErrorHandler on_error_;
    std::int64_t last_tenths_ = 0;  // the time of the last entry, tenths of a second since the epoch
    std::vector<std::uint8_t> buf_;
    bool sent_ended_ = false, received_ended_ = false;
};

}  // namespace ppp::io
