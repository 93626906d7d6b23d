// Link: pppd's logging options around a connection: the files `logfile`
// and `record` name (neither stops a link when it cannot be opened: a
// warning says why), and `dump`.
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

// `dump`: the effective options in the link's log, each with where it was
// set, as pppd prints them (secrets masked).
void Link::Impl::log_effective_options() {
    log_line("Effective options:");
    for (const config::Effective& e : config::effective_options(options)) {
        log_line(e.name + (e.value.empty() ? "" : " " + e.value) + "\t\t# (from " + e.origin + ")");
    }
}

}  // namespace ppp::io
