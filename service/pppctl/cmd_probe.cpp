// pppctl probe: "How Linux Works" §5.8.1's minicom check as a command.
#include "pppctl/cmd_probe.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <system_error>

#include "io/fd.hpp"
#include "io/serial.hpp"
#include "pppctl/args.hpp"

namespace pppctl::probe {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::uint32_t kMaxSpeed = 4000000;
constexpr std::size_t kMaxReply = 4096;

struct Step {
    const char* command;
    milliseconds timeout;  // ATZ resets the modem: it may take a while
};
constexpr Step kSteps[] = {{"AT", milliseconds(2000)}, {"ATZ", milliseconds(4000)}, {"ATI", milliseconds(2000)}};

std::string upper_trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    std::string out;
    for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool is_result(const std::string& line) {
    static const char* const kResults[] = {"OK",        "ERROR",     "NO CARRIER", "BUSY", "NO DIALTONE",
                                           "NO ANSWER", "NO DIAL TONE", "0",       "3",    "4",
                                           "6",         "7",         "8"};
    for (const char* r : kResults)
        if (line == r) return true;
    return line.rfind("CONNECT", 0) == 0;
}

void die_sentence(const std::string& sentence) { std::fprintf(stderr, "pppctl: %s\n", sentence.c_str()); }

std::string group_name(gid_t gid) {
    if (const group* g = ::getgrgid(gid)) return g->gr_name;
    return std::to_string(gid);
}

std::string user_name(uid_t uid) {
    if (const passwd* p = ::getpwuid(uid)) return p->pw_name;
    return std::to_string(uid);
}

std::string mode_string(mode_t mode) {
    std::string s = S_ISCHR(mode) ? "c" : "-";
    const char* rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; ++i) s += (mode & (0400 >> i)) ? rwx[i] : '-';
    return s;
}

std::string process_name(pid_t pid) {
    FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/comm").c_str(), "r");
    if (!f) return "";
    char buf[64] = {};
    const bool ok = std::fgets(buf, sizeof buf, f) != nullptr;
    std::fclose(f);
    if (!ok) return "";
    std::string name(buf);
    if (!name.empty() && name.back() == '\n') name.pop_back();
    return name;
}

std::string describe_process(pid_t pid) {
    const std::string name = process_name(pid);
    return name.empty() ? "pid " + std::to_string(pid) : name + " (pid " + std::to_string(pid) + ")";
}

bool process_alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

// pppd's (and minicom's) lock file: LCK..NAME, NAME the last path component;
// the owner's pid as ten ASCII digits, or (old style) a binary int.
std::string lock_path(const Options& o) {
    const auto slash = o.device.rfind('/');
    return o.lock_dir + "/LCK.." + (slash == std::string::npos ? o.device : o.device.substr(slash + 1));
}

std::optional<pid_t> lock_owner(const std::string& path) {
    const ppp::io::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) return std::nullopt;
    char buf[64] = {};
    const ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
    if (n <= 0) return std::nullopt;
    if (n == sizeof(int)) {
        int binary = 0;
        std::memcpy(&binary, buf, sizeof binary);
        if (binary > 0) return binary;
    }
    const char* p = buf;
    while (*p == ' ') ++p;
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(p, buf + n, pid);
    if (ec != std::errc{} || end == p || pid <= 0) return std::nullopt;
    return pid;
}

// The processes (other than us) with `device` open, as far as /proc lets us see.
std::vector<pid_t> holders(const std::string& device) {
    std::vector<pid_t> out;
    char real[PATH_MAX];
    if (!::realpath(device.c_str(), real)) return out;
    DIR* proc = ::opendir("/proc");
    if (!proc) return out;
    while (const dirent* e = ::readdir(proc)) {
        pid_t pid = 0;
        const auto [end, ec] = std::from_chars(e->d_name, e->d_name + std::strlen(e->d_name), pid);
        if (ec != std::errc{} || *end != '\0' || pid == ::getpid()) continue;
        const std::string fd_dir = std::string("/proc/") + e->d_name + "/fd";
        DIR* fds = ::opendir(fd_dir.c_str());
        if (!fds) continue;
        while (const dirent* f = ::readdir(fds)) {
            char target[PATH_MAX];
            const ssize_t n = ::readlink((fd_dir + "/" + f->d_name).c_str(), target, sizeof target - 1);
            if (n <= 0) continue;
            target[n] = '\0';
            if (std::strcmp(target, real) == 0) {
                out.push_back(pid);
                break;
            }
        }
        ::closedir(fds);
    }
    ::closedir(proc);
    return out;
}

std::string modem_lines(int fd, const std::string& device) {
    int bits = 0;
    if (::ioctl(fd, TIOCMGET, &bits) < 0) {
        char real[PATH_MAX];
        if (::realpath(device.c_str(), real) && std::strncmp(real, "/dev/pts/", 9) == 0)
            return "none (a pseudo-terminal)";
        return "not available (" + std::string(std::strerror(errno)) + ")";
    }
    auto on = [&](int bit) { return (bits & bit) ? "on" : "off"; };
    return std::string("DCD ") + on(TIOCM_CAR) + ", CTS " + on(TIOCM_CTS) + ", DSR " + on(TIOCM_DSR) + ", RI " +
           on(TIOCM_RNG);
}

bool write_all(int fd, const std::string& text, Clock::time_point deadline) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) return false;
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, static_cast<int>(left));
    }
    return true;
}

struct Exchange {
    std::string received;  // raw bytes
    Reply reply;
    bool hung_up = false;
    bool write_failed = false;
};

Exchange exchange(int fd, const Step& step) {
    Exchange ex;
    const auto deadline = Clock::now() + step.timeout;
    if (!write_all(fd, std::string(step.command) + "\r", deadline)) {
        ex.write_failed = true;
        return ex;
    }
    char buf[512];
    while (!ex.reply.final && ex.received.size() < kMaxReply) {
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) break;
        pollfd p{fd, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            ex.received.append(buf, static_cast<std::size_t>(n));
            ex.reply = parse_reply(step.command, ex.received);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        ex.hung_up = true;  // EOF / EIO: the line went away
        break;
    }
    return ex;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : " | ") + l;
    return out;
}

bool printable_text(std::string_view s) {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (u < 0x20 && c != '\r' && c != '\n' && c != '\t')) return false;
    }
    return true;
}

// The diagnosis when opening failed with `err`.
int open_failed(const Options& o, int err, const std::string& what) {
    struct stat st{};
    const bool have_stat = ::stat(o.device.c_str(), &st) == 0;
    switch (err) {
        case ENOENT:
            die_sentence(o.device + ": no such device; is the modem plugged in and its driver loaded? (`ls /dev/ttyS* "
                         "/dev/ttyUSB* /dev/ttyACM*` lists the serial ports)");
            return kExitOpenFailed;
        case EACCES:
        case EPERM:
            if (have_stat && (st.st_mode & 060) == 060 && st.st_gid != 0) {
                // Debian's serial ports: root:dialout, rw for the group.
                die_sentence("permission denied opening " + o.device + " (" + mode_string(st.st_mode) + " " +
                             user_name(st.st_uid) + ":" + group_name(st.st_gid) + "); add yourself to its group: " +
                             "`sudo usermod -aG " + group_name(st.st_gid) + " " + user_name(::getuid()) +
                             "`, then log in again");
            } else if (have_stat) {
                die_sentence("permission denied opening " + o.device + " (" + mode_string(st.st_mode) + " " +
                             user_name(st.st_uid) + ":" + group_name(st.st_gid) + "): only " +
                             user_name(st.st_uid) + " may use it; ask an administrator to give it to a group " +
                             "such as dialout");
            } else {
                die_sentence("permission denied opening " + o.device + "; ask an administrator for access to it");
            }
            return kExitOpenFailed;
        case EBUSY: {
            const auto who = holders(o.device);
            std::string by = who.empty() ? "another program" : describe_process(who.front());
            die_sentence(o.device + " is in exclusive use by " + by + "; end that connection first");
            return kExitLocked;
        }
        case ENXIO:
        case ENODEV:
        case EIO:
            die_sentence(o.device + ": no device behind it (the driver reports none: unplugged, or the wrong port)");
            return kExitOpenFailed;
        case ENOTTY:
            die_sentence(o.device + " is not a serial port");
            return kExitOpenFailed;
        default:
            die_sentence("cannot open " + o.device + ": " + what);
            return kExitOpenFailed;
    }
}

}  // namespace

std::variant<Options, std::string> parse_args(const std::vector<std::string_view>& args) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        std::optional<std::string_view> value;
        if (a.rfind("--", 0) == 0) {
            if (const auto eq = a.find('='); eq != std::string_view::npos) {
                value = a.substr(eq + 1);
                a = a.substr(0, eq);
            }
        }
        auto next = [&]() -> std::optional<std::string_view> {
            if (value) return value;
            if (i + 1 < args.size()) return args[++i];
            return std::nullopt;
        };
        if (a == "--speed") {
            const auto v = next();
            if (!v) return std::string("--speed needs a number of bits per second");
            std::uint32_t speed = 0;
            const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), speed);
            if (ec != std::errc{} || end != v->data() + v->size() || speed == 0 || speed > kMaxSpeed)
                return "--speed: '" + std::string(*v) + "' is not a line speed (such as 9600 or 115200)";
            o.speed = speed;
        } else if (a == "--lock-dir") {
            const auto v = next();
            if (!v || v->empty()) return std::string("--lock-dir needs a directory");
            o.lock_dir = std::string(*v);
        } else if (a.size() > 1 && a.front() == '-') {
            return "unknown option '" + std::string(args[i]) + "' for probe";
        } else if (o.device.empty()) {
            o.device = a.front() == '/' ? std::string(a) : "/dev/" + std::string(a);
        } else {
            return std::string("probe takes one DEVICE");
        }
    }
    if (o.device.empty()) return std::string("probe needs a DEVICE (such as /dev/ttyS0 or ttyUSB0)");
    return o;
}

Reply parse_reply(std::string_view command, std::string_view received) {
    Reply r;
    const std::string echo = upper_trimmed(command);
    std::size_t start = 0;
    bool first = true;
    while (start < received.size()) {
        const auto end = received.find_first_of("\r\n", start);
        if (end == std::string_view::npos) break;  // an unfinished line: not yet a result
        const std::string_view raw = received.substr(start, end - start);
        start = end + 1;
        const std::string line = upper_trimmed(raw);
        if (line.empty()) continue;
        if (first && line == echo) {
            first = false;
            continue;
        }
        first = false;
        std::string_view shown = raw;
        while (!shown.empty() && std::isspace(static_cast<unsigned char>(shown.front()))) shown.remove_prefix(1);
        while (!shown.empty() && std::isspace(static_cast<unsigned char>(shown.back()))) shown.remove_suffix(1);
        r.lines.emplace_back(shown);
        if (is_result(line)) {
            r.final = true;
            r.ok = line == "OK" || line == "0";
            break;
        }
    }
    return r;
}

int run(const Options& o) {
    struct stat st{};
    if (::stat(o.device.c_str(), &st) < 0) return open_failed(o, errno, std::strerror(errno));
    if (!S_ISCHR(st.st_mode)) {
        die_sentence(o.device + " is not a serial port (not a character device)");
        return kExitOpenFailed;
    }
    // Someone else's connection: do not talk over it.
    std::string stale_note;
    const std::string lock = lock_path(o);
    if (const auto owner = lock_owner(lock)) {
        if (process_alive(*owner)) {
            die_sentence(o.device + " is locked by " + describe_process(*owner) + " (lock file " + lock +
                         "); hang that connection up first");
            return kExitLocked;
        }
        stale_note = "stale lock file " + lock + " (pid " + std::to_string(*owner) +
                     " no longer runs; pppkitd replaces it when it connects)";
    }

    ppp::io::Fd fd;
    try {
        // CLOCAL: talk to the modem without carrier; no flow control, so a
        // missing CTS cannot stall the probe.
        fd = ppp::io::open_serial(o.device, ppp::io::SerialSettings{o.speed, false, true});
    } catch (const std::system_error& e) {
        if (e.code().value() == EINVAL && e.code().category() == std::generic_category()) {
            die_sentence("the line speed " + std::to_string(o.speed) + " is not supported (try 115200 or 9600)");
            return kExitUsage;
        }
        return open_failed(o, e.code().value(), e.what());
    }
    ::tcflush(fd.get(), TCIOFLUSH);

    std::printf("%s at %u bit/s\n", o.device.c_str(), o.speed);
    if (!stale_note.empty()) std::printf("  note: %s\n", stale_note.c_str());
    for (pid_t pid : holders(o.device))
        std::printf("  note: also open by %s\n", describe_process(pid).c_str());
    std::printf("  modem lines: %s\n", modem_lines(fd.get(), o.device).c_str());
    std::fflush(stdout);

    bool any_ok = false;
    std::string noise;
    for (const Step& step : kSteps) {
        const Exchange ex = exchange(fd.get(), step);
        if (ex.write_failed) {
            die_sentence("the port does not take data (" + o.device +
                         " with hardware flow control and no CTS? a dead adapter?)");
            return kExitNoAnswer;
        }
        const std::string shown = ex.reply.lines.empty() ? "(no answer)" : join(ex.reply.lines);
        std::printf("  %-4s -> %s\n", step.command, shown.c_str());
        std::fflush(stdout);
        if (ex.reply.ok) any_ok = true;
        if (ex.reply.lines.empty() && !ex.received.empty()) noise += ex.received;
        if (ex.hung_up) {
            die_sentence(o.device + " hung up while probing (the device went away)");
            return kExitOpenFailed;
        }
        // Nobody there: no point waiting for ATZ and ATI too.
        if (&step == &kSteps[0] && ex.received.empty()) break;
    }
    if (any_ok) {
        std::printf("A modem answers on %s.\n", o.device.c_str());
        return kExitOk;
    }
    if (!noise.empty() && !printable_text(noise)) {
        die_sentence("only garbage came back from " + o.device + " at " + std::to_string(o.speed) +
                     " bit/s: the speed is probably wrong (try --speed 9600 or --speed 57600)");
    } else {
        die_sentence("no answer from a modem on " + o.device + " at " + std::to_string(o.speed) +
                     " bit/s; check that it is switched on, the cable, and the speed (--speed)");
    }
    return kExitNoAnswer;
}

int main(int argc, const char* const* argv) {
    std::vector<std::string_view> args;
    for (int i = 2; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return kExitOk;
        }
        args.push_back(a);
    }
    auto parsed = parse_args(args);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
        std::fprintf(stderr, "pppctl: %s\nTry 'pppctl --help' for the commands.\n", error->c_str());
        return kExitUsage;
    }
    return run(std::get<Options>(parsed));
}

}  // namespace pppctl::probe
