// Link: opening the device and running the connect script, either with the
// internal chat engine or as an external command on the tty (as pppd does).
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <utility>
#include <vector>
#include <system_error>

#include "io/command.hpp"
#include "io/files.hpp"
#include "io/link_impl.hpp"
#include "io/serial.hpp"

namespace ppp::io {
namespace {

constexpr std::size_t kStderrLineLimit = 1024;
// HANGUP OFF: how often a device that is gone after a hangup is looked for again.
constexpr std::chrono::milliseconds kReopenInterval{100};

// `chat -f /etc/ppp/chat-isp` in a configuration read from another
// directory (tests, a relocated --config-dir) means that directory's file.
std::string script_path(const std::string& file, const std::string& config_dir) {
    return config::map_config_path(file, config_dir);  // the same mapping `pppctl check` uses
}

std::string first_word(const std::string& command) {
    const auto begin = command.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    const auto end = command.find_first_of(" \t", begin);
    return command.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

bool mentions_chat(const std::string& command) {
    // `chat ...`, `/usr/sbin/chat ...`, `exec chat ...`: chat's exit codes apply.
    std::size_t pos = 0;
    while ((pos = command.find("chat", pos)) != std::string::npos) {
        const bool start_ok = pos == 0 || command[pos - 1] == ' ' || command[pos - 1] == '/';
        const bool end_ok = pos + 4 == command.size() || command[pos + 4] == ' ' || command[pos + 4] == '\t';
        if (start_ok && end_ok) return true;
        pos += 4;
    }
    return false;
}

// chat -r: "chat:  Dec 01 10:00:00 CONNECT 115200", appended.
void append_report(const std::string& path, const std::string& report) {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    char stamp[32] = "";
    if (::localtime_r(&t, &tm)) std::strftime(stamp, sizeof stamp, "%b %d %H:%M:%S ", &tm);
    const std::string text = std::string("chat:  ") + stamp + report + "\n";
    Fd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644));
    if (!fd) throw std::system_error(errno, std::system_category(), "cannot open the report file " + path);
    if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        throw std::system_error(errno, std::system_category(), "cannot write the report file " + path);
}

// The script file of a chat command run externally (`exec chat -v -f FILE`,
// `/usr/sbin/chat -fFILE`), or "".
std::string external_script_file(const std::string& command) {
    std::vector<std::string> words;
    std::string cur;
    for (const char c : command + " ") {
        if (c == ' ' || c == '\t') {
            if (!cur.empty()) words.push_back(std::exchange(cur, {}));
        } else if (c != '\'' && c != '"') {
            cur += c;
        }
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i] == "-f" && i + 1 < words.size()) return words[i + 1];
        if (words[i].size() > 2 && words[i].rfind("-f", 0) == 0) return words[i].substr(2);
    }
    return {};
}

FailureKind abort_kind(const std::string& abort_string) {
    if (abort_string == "BUSY") return FailureKind::Busy;
    if (abort_string == "NO CARRIER") return FailureKind::NoCarrier;
    if (abort_string == "NO DIALTONE" || abort_string == "NO DIAL TONE") return FailureKind::NoDialtone;
    if (abort_string == "NO ANSWER") return FailureKind::NoAnswer;
    return FailureKind::ChatFailed;
}

}  // namespace

std::unique_ptr<TtyLine> Link::Impl::make_line(Fd fd) {
    return std::make_unique<TtyLine>(loop, std::move(fd),
                                     TtyLine::Handlers{
                                         [this](Bytes b) { on_line_data(b); },
                                         [this] { on_line_hangup(); },
                                         [this] { on_line_drained(); },
                                     });
}

bool Link::Impl::open_device() {
    if (!lock_device()) return false;
    // As pppd: the modem's carrier is ignored (CLOCAL) while the connect
    // script talks to it, and watched from then on unless `local`.
    const SerialSettings settings{options.speed, options.crtscts, options.local || !options.connect.empty(),
                                  options.xonxoff};
    log_line("Using device " + options.device + (options.speed ? " at " + std::to_string(*options.speed) : ""));
    try {
        line = make_line(open_serial(options.device, settings));
    } catch (const std::system_error& e) {
        const int err = e.code().value();
        fail(LinkOutcome{ExitStatus::OpenFailed, err == EBUSY ? FailureKind::DeviceLocked : FailureKind::DeviceError,
                         "Cannot open " + options.device + ": " + e.code().message()});
        return false;
    }
    return true;
}

namespace {
const char* script_name(LineScript which) {
    switch (which) {
        case LineScript::Init: return "init";
        case LineScript::Welcome: return "welcome";
        case LineScript::Disconnect: return "disconnect";
        case LineScript::Connect: break;
    }
    return "connect";
}

std::string script_title(LineScript which) {
    std::string t = script_name(which);
    t[0] = static_cast<char>(t[0] - 'a' + 'A');
    return t;
}
}  // namespace

const std::string& Link::Impl::line_script_command() const {
    switch (line_script) {
        case LineScript::Init: return options.init;
        case LineScript::Welcome: return options.welcome;
        case LineScript::Disconnect: return options.disconnect;
        case LineScript::Connect: break;
    }
    return options.connect;
}

void Link::Impl::start_connect_script() {
    if (!options.init.empty()) {
        run_line_script(LineScript::Init);
    } else if (!options.connect.empty()) {
        run_line_script(LineScript::Connect);
    } else if (!options.welcome.empty()) {
        run_line_script(LineScript::Welcome);
    } else {
        start_ppp({});
    }
}

void Link::Impl::run_line_script(LineScript which) {
    line_script = which;
    if (auto invocation = chat::parse_invocation(line_script_command())) {
        start_internal_chat(*invocation);
    } else {
        start_external_script();
    }
}

void Link::Impl::line_script_done(Bytes unread) {
    switch (line_script) {
        case LineScript::Init:
            if (!options.connect.empty()) return run_line_script(LineScript::Connect);
            break;
        case LineScript::Connect: log_line("Serial connection established."); break;
        case LineScript::Welcome: start_ppp(unread); return;
        case LineScript::Disconnect:
            log_line("Serial link disconnected.");
            fail(LinkOutcome{});  // the outcome is the connection's: the teardown goes on
            return;
    }
    if (!options.welcome.empty()) return run_line_script(LineScript::Welcome);
    start_ppp(unread);
}

void Link::Impl::line_script_failed(ExitStatus connect_status, FailureKind kind, const std::string& message) {
    switch (line_script) {
        case LineScript::Connect: fail(LinkOutcome{connect_status, kind, message}); return;
        case LineScript::Init:
            fail(LinkOutcome{ExitStatus::InitFailed, kind, message});
            return;
        case LineScript::Welcome:
            // As pppd: a failed welcome script is only a warning.
            log_line(message + "; continuing", LogLevel::Warning);
            start_ppp({});
            return;
        case LineScript::Disconnect:
            // Only a warning too: the link is going down anyway.
            log_line(message, LogLevel::Warning);
            log_line("Disconnect script failed", LogLevel::Warning);
            fail(LinkOutcome{});
            return;
    }
}

void Link::Impl::start_internal_chat(const chat::Invocation& invocation_in) {
    chat::Invocation invocation = invocation_in;
    chat::Script script;
    try {
        if (invocation.script_file) {
            const std::string path = script_path(*invocation.script_file, paths.config_dir);
            const auto text = read_file(path);
            if (!text) throw config::Error(path, 0, "cannot read the chat script " + path);
            script = chat::parse_script(*text, path);
            log_line(std::string("Running ") + script_name(line_script) + " script: chat -f " + path);
        } else {
            script = chat::script_from_words(invocation.inline_script, script_name(line_script));
            // Inline words may hold secrets (\q): only the program is named.
            log_line(std::string("Running ") + script_name(line_script) + " script: " +
                     first_word(line_script_command()));
        }
    } catch (const config::Error& e) {
        line_script_failed(ExitStatus::ConnectFailed, FailureKind::ConfigError, e.what());
        return;
    }
    if (invocation.use_environment) {
        for (char** e = environ; *e; ++e) {
            const std::string entry(*e);
            const auto eq = entry.find('=');
            if (eq != std::string::npos) invocation.environment[entry.substr(0, eq)] = entry.substr(eq + 1);
        }
    }
    chat_report_file.clear();
    if (invocation.report_file) chat_report_file = script_path(*invocation.report_file, paths.config_dir);
    engine = std::make_unique<chat::Engine>(std::move(script), std::move(invocation));
    stage = Stage::Script;
    line->resume();
    run_chat([](chat::Engine& e) { e.start(EventLoop::now()); });
}

void Link::Impl::run_chat(const std::function<void(chat::Engine&)>& step) {
    if (!engine || stage != Stage::Script) return;
    step(*engine);
    const auto out = engine->take_output();
    if (!out.empty() && (!line || !line->write(out))) {
        engine.reset();
        chat_timer.arm(std::nullopt);
        line_script_failed(ExitStatus::ConnectFailed, FailureKind::DeviceError, "The modem does not accept data");
        return;
    }
    for (int n = engine->take_breaks(); n > 0 && line; --n) {
        // After the bytes before it: the break is a state of the line, not a byte.
        line->flush_now();
        if (!send_break(line->fd())) log_line("chat: cannot send a break on " + options.device);
    }
    for (const auto& l : engine->take_log()) log_line("chat: " + l);
    for (const auto& r : engine->take_reports()) append_chat_report(r);
    switch (engine->status()) {
        case chat::Status::Running: chat_timer.arm(engine->next_deadline()); return;
        case chat::Status::Failed:
            chat_timer.arm(std::nullopt);
            chat_failed(engine->failure());
            return;
        case chat::Status::Done: break;
    }
    chat_timer.arm(std::nullopt);
    // What the modem sent after the last expected string is already PPP.
    const auto unread = engine->take_unread();
    engine.reset();
    line_script_done(unread);
}

std::string Link::Impl::external_abort_string(int index) const {
    const std::string file = external_script_file(line_script_command());
    if (file.empty() || index < 0) return {};
    const std::string path = script_path(file, paths.config_dir);
    const auto text = read_file(path);
    if (!text) return {};
    try {
        const auto list = chat::abort_strings(chat::parse_script(*text, path), chat::Invocation{});
        return static_cast<std::size_t>(index) < list.size() ? list[static_cast<std::size_t>(index)] : std::string();
    } catch (const config::Error&) {
        return {};
    }
}

void Link::Impl::append_chat_report(const std::string& report) {
    if (chat_report_file.empty()) return;
    try {
        append_report(chat_report_file, report);
    } catch (const std::system_error& e) {
        log_line(std::string("chat: ") + e.what());
    }
}

void Link::Impl::chat_failed(const chat::Failure& failure) {
    if (line_script == LineScript::Connect) log_line("Connect script failed", LogLevel::Error);
    FailureKind kind = FailureKind::ChatFailed;
    if (failure.exit_code == 3) {
        kind = FailureKind::ChatTimeout;
    } else if (!failure.abort_string.empty()) {
        kind = abort_kind(failure.abort_string);
    }
    line_script_failed(ExitStatus::ConnectFailed, kind, failure.message);
}

void Link::Impl::start_external_script() {
    // Only the program: the rest of the command may hold secrets.
    log_line(std::string("Running ") + script_name(line_script) +
             " script as an external command: " + first_word(line_script_command()));
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) {
        line_script_failed(ExitStatus::ConnectFailed, FailureKind::ChatFailed,
                           std::string("Cannot run the ") + script_name(line_script) +
                               " script: " + std::system_category().message(errno));
        return;
    }
    script_stderr.reset(fds[0]);
    Fd stderr_write(fds[1]);
    const auto env = line_script_environment();
    // The command owns the line while it runs: the daemon does not read it.
    line->pause();
    int pid = 0;
    try {
        pid = spawn_on_tty(line_script_command(), line->fd(), env, stderr_write.get());
    } catch (const std::system_error& e) {
        script_stderr.reset();
        line_script_failed(ExitStatus::ConnectFailed, FailureKind::ChatFailed,
                           std::string("Cannot run the ") + script_name(line_script) + " script: " + e.what());
        return;
    }
    stderr_write.reset();
    script_pid = pid;
    stage = Stage::ExternalScript;
    children.push_back(Child{pid, loop.add_child(pid, [this, pid](int code, int st) { on_child_exit(pid, code, st); })});
    script_stderr_source = loop.add_io(script_stderr.get(), EPOLLIN, [this](std::uint32_t) { read_script_stderr(); });
}

std::map<std::string, std::string> Link::Impl::line_script_environment() const {
    std::map<std::string, std::string> env{
        {"DEVICE", options.device},
        {"PPPD_PID", std::to_string(::getpid())},
    };
    // As pppd: LINKNAME only when `linkname` gave one.
    if (!options.linkname.empty()) env["LINKNAME"] = options.linkname;
    return env;
}

void Link::Impl::read_script_stderr() {
    char buf[4096];
    for (int i = 0; i < 16; ++i) {
        const ssize_t n = ::read(script_stderr.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0 || errno != EAGAIN) {
                // End of file (every writer closed) or an error: stop watching.
                if (!script_stderr_partial.empty()) log_line(std::string(script_name(line_script)) + " script: " + script_stderr_partial);
                script_stderr_partial.clear();
                script_stderr_source.reset();
                script_stderr.reset();
            }
            return;
        }
        for (ssize_t k = 0; k < n; ++k) {
            const char c = buf[k];
            if (c == '\n' || script_stderr_partial.size() >= kStderrLineLimit) {
                if (!script_stderr_partial.empty()) log_line(std::string(script_name(line_script)) + " script: " + script_stderr_partial);
                script_stderr_partial.clear();
                if (c == '\n') continue;
            }
            if (c != '\r') script_stderr_partial += c;
        }
    }
}

void Link::Impl::on_child_exit(int pid, int code, int st) {
    Entry e(*this);
    for (auto it = children.begin(); it != children.end(); ++it) {
        if (it->pid == pid) {
            children.erase(it);  // its Source: sd-event frees it once this callback returns
            break;
        }
    }
    if (pid != script_pid) return;  // a command we stopped, now reaped
    script_pid = 0;
    if (script_stderr) read_script_stderr();
    script_stderr_source.reset();
    script_stderr.reset();
    script_stderr_partial.clear();
    if (stage != Stage::ExternalScript) return;
    // The command may have shared (and cleared O_NONBLOCK on) our open file.
    try {
        set_nonblocking(line->fd());
    } catch (const std::system_error&) {
    }
    if (code == CLD_EXITED && st == 0) {
        line_script_done({});
        return;
    }
    if (line_script == LineScript::Connect) log_line("Connect script failed", LogLevel::Error);
    const bool is_chat = mentions_chat(line_script_command());
    if (code != CLD_EXITED) {
        line_script_failed(ExitStatus::ConnectFailed, FailureKind::ChatFailed,
                         script_title(line_script) + " script killed by signal " + std::to_string(st));
    } else if (is_chat && st == 3) {
        line_script_failed(ExitStatus::ConnectFailed, FailureKind::ChatTimeout, "chat: timeout (exit 3)");
    } else if (is_chat && st >= 4) {
        // chat says only the number; the script names the string.
        const std::string name = external_abort_string(st - 4);
        if (!name.empty()) {
            line_script_failed(ExitStatus::ConnectFailed, abort_kind(name),
                             "chat: matched ABORT string \"" + name + "\" (exit " + std::to_string(st) + ")");
        } else {
            line_script_failed(ExitStatus::ConnectFailed, FailureKind::ChatFailed,
                             "chat: matched ABORT string #" + std::to_string(st - 3) + " (exit " + std::to_string(st) +
                                 ")");
        }
    } else {
        line_script_failed(ExitStatus::ConnectFailed, FailureKind::ChatFailed,
                         script_title(line_script) + " script failed (exit " + std::to_string(st) + ")");
    }
}

void Link::Impl::stop_connect_script() {
    chat_timer.arm(std::nullopt);
    engine.reset();
    if (script_pid > 0) {
        // Its own process group (spawn_on_tty): the shell and what it started.
        // The child source in `children` reaps it when it exits.
        ::kill(-script_pid, SIGTERM);
        script_pid = 0;
    }
    script_stderr_source.reset();
    script_stderr.reset();
    script_stderr_partial.clear();
}

void Link::Impl::reopen_line() {
    Entry e(*this);
    if (teardown_pending || stage != Stage::Script || !engine) return;
    // The hung-up file: closed first (the device is opened exclusively).
    // None of its code is on the stack here.
    line.reset();
    try {
        line = make_line(open_serial(options.device, SerialSettings{options.speed, options.crtscts, true}));
    } catch (const std::system_error&) {
        // Not back yet (a pty being replaced, a USB modem re-enumerating):
        // again shortly. The script's own TIMEOUT bounds the wait.
        reopen_timer.arm(EventLoop::now() + kReopenInterval);
        return;
    }
    log_line("chat: " + options.device + " opened again after the hangup");
    line->resume();
}

void Link::Impl::reap_children_blocking() {
    // The Link goes away: nothing will watch these children any more.
    for (auto& c : children) {
        c.source.reset();
        ::kill(-c.pid, SIGKILL);
        while (::waitpid(c.pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
    children.clear();
}

}  // namespace ppp::io
