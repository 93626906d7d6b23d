#include "io/journal.hpp"

#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>

namespace ppp::io {
namespace {

constexpr const char* kJournalSocket = "/run/systemd/journal/socket";
constexpr const char* kIdentifier = "pppkitd";

int syslog_priority(LogLevel level) {
    switch (level) {
        case LogLevel::Debug: return 7;
        case LogLevel::Info: return 6;
        case LogLevel::Notice: return 5;
        case LogLevel::Warning: return 4;
        case LogLevel::Error: return 3;
    }
    return 6;
}

// systemd sets JOURNAL_STREAM=DEV:INODE when a service's stderr is the journal.
bool stderr_is_journal(const char* stream) {
    if (!stream) return false;
    unsigned long long dev = 0, ino = 0;
    if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2) return false;
    struct stat st {};
    return ::fstat(2, &st) == 0 && static_cast<unsigned long long>(st.st_dev) == dev &&
           static_cast<unsigned long long>(st.st_ino) == ino;
}

std::optional<LogSinks>& current() {
    static std::optional<LogSinks> sinks;
    return sinks;
}

}  // namespace

LogSinks choose_log_sinks(bool journal_socket, const char* journal_stream) {
    LogSinks s;
    s.journal = journal_socket;
    s.stderr_ = !(journal_socket && stderr_is_journal(journal_stream));
    return s;
}

LogSinks log_sinks() {
    auto& s = current();
    if (!s) s = choose_log_sinks(::access(kJournalSocket, W_OK) == 0, std::getenv("JOURNAL_STREAM"));
    return *s;
}

void set_log_sinks(LogSinks sinks) { current() = sinks; }

std::vector<std::string> journal_fields(LogLevel level, std::string_view link, std::string_view phase,
                                        std::string_view message) {
    std::vector<std::string> f;
    f.push_back("MESSAGE=" + std::string(message));
    f.push_back("PRIORITY=" + std::to_string(syslog_priority(level)));
    f.push_back(std::string("SYSLOG_IDENTIFIER=") + kIdentifier);
    if (!link.empty()) f.push_back("PPP_LINK=" + std::string(link));
    if (!phase.empty()) f.push_back("PPP_PHASE=" + std::string(phase));
    return f;
}

void log_message(LogLevel level, std::string_view link, std::string_view phase, std::string_view message) {
    const LogSinks sinks = log_sinks();
    if (sinks.journal) {
        const auto fields = journal_fields(level, link, phase, message);
        std::vector<iovec> iov;
        iov.reserve(fields.size());
        for (const auto& f : fields) iov.push_back(iovec{const_cast<char*>(f.data()), f.size()});
        // Best effort: a journal that went away must not stop the link.
        (void)sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
    }
    if (sinks.stderr_) {
        std::string line;
        line.reserve(link.size() + message.size() + 3);
        if (!link.empty()) {
            line += link;
            line += ": ";
        }
        line += message;
        line += '\n';
        (void)!::write(2, line.data(), line.size());
    }
}

}  // namespace ppp::io
