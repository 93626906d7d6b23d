// Link: the files pppd's logging options name, `logfile` and `record`.
// Neither stops a link when it cannot be opened: a warning says why.
#include <system_error>

#include "io/link_impl.hpp"

namespace ppp::io {

void Link::Impl::open_log_file() {
    if (auto error = log_file.open(options.logfile)) {
        log_line("Warning: " + *error + "; the log goes to the journal only", LogLevel::Warning);
    }
}

void Link::Impl::start_line_record() {
    if (options.record.empty() || !line) return;
    try {
        line->record_to(std::make_unique<LineRecord>(options.record, [this](const std::string& error) {
            log_line(error, LogLevel::Error);
        }));
    } catch (const std::system_error& e) {
        log_line(std::string("Warning: ") + e.what() + "; the line is not recorded", LogLevel::Warning);
    }
}

}  // namespace ppp::io
