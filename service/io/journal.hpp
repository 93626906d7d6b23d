// pppkitd's log: pppd's familiar lines ("Connect: ppp0 <--> /dev/ttyS1",
// "Modem hangup", ...) with structured fields, to journald through
// sd-journal, and to standard error (as "LINK: line") unless standard error
// already is the journal (JOURNAL_STREAM, as systemd sets it for services).
//
//   journalctl -t pppkitd PPP_LINK=isp
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace ppp::io {

struct LogSinks {
    bool journal = false;  // sd_journal_send
    bool stderr_ = false;  // "LINK: line\n" on fd 2
};

// Decided once from the environment: the journal when its socket exists,
// stderr unless fd 2 is the journal stream.
LogSinks log_sinks();
// That choice, given whether journald's socket exists and JOURNAL_STREAM
// (nullptr when unset), compared with fd 2.
LogSinks choose_log_sinks(bool journal_socket, const char* journal_stream);
void set_log_sinks(LogSinks sinks);  // tests, or a daemon option

// The journal entry's fields: MESSAGE, PRIORITY (syslog level of `level`),
// SYSLOG_IDENTIFIER=pppkitd, PPP_LINK, PPP_PHASE (when not empty).
std::vector<std::string> journal_fields(LogLevel level, std::string_view link, std::string_view phase,
                                        std::string_view message);

// One line for one link (`link` may be empty for the daemon itself).
void log_message(LogLevel level, std::string_view link, std::string_view phase, std::string_view message);

}  // namespace ppp::io
