#include "io/uucp_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "io/fd.hpp"
#include "io/files.hpp"

namespace ppp::io {
namespace {

// A lock file is 11 bytes; anything much longer is not one of ours.
constexpr std::size_t kMaxLockFile = 128;
// Stale locks removed before giving up (another process racing us for it).
constexpr int kAttempts = 4;

std::string base_name(const std::string& device) {
    const auto slash = device.rfind('/');
    return slash == std::string::npos ? device : device.substr(slash + 1);
}

void write_all(int fd, const std::string& s, const std::string& what) {
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("cannot write " + what);
        }
        done += static_cast<std::size_t>(n);
    }
}

std::string command_of(int pid) {
    auto comm = read_file("/proc/" + std::to_string(pid) + "/comm");
    if (!comm) return {};
    while (!comm->empty() && (comm->back() == '\n' || comm->back() == '\0')) comm->pop_back();
    return *comm;
}

bool process_exists(int pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH); }

// Creates `path` holding `contents`, failing with EEXIST when it exists.
// The file appears complete: written under a temporary name, then linked.
// Returns 0 or an errno value.
int create_exclusive(const std::string& dir, const std::string& path, const std::string& contents) {
    std::string tmp = dir + "/LTMP." + std::to_string(::getpid()) + ".XXXXXX";
    std::vector<char> name(tmp.begin(), tmp.end());
    name.push_back('\0');
    Fd fd(::mkostemp(name.data(), O_CLOEXEC));
    if (!fd) return errno;
    tmp.assign(name.data());
    int err = 0;
    try {
        if (::fchmod(fd.get(), 0644) < 0) throw_errno("chmod " + tmp);
        write_all(fd.get(), contents, tmp);
    } catch (const std::system_error& e) {
        err = e.code().value();
    }
    fd.reset();
    if (err == 0 && ::link(tmp.c_str(), path.c_str()) < 0) {
        err = errno;
        if (err == EPERM || err == ENOSYS || err == EOPNOTSUPP) {
            // A file system without hard links: O_EXCL, as pppd does.
            Fd direct(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
            err = direct ? 0 : errno;
            if (direct) {
                try {
                    write_all(direct.get(), contents, path);
                } catch (const std::system_error& e) {
                    ::unlink(path.c_str());
                    err = e.code().value();
                }
            }
        }
    }
    ::unlink(tmp.c_str());
    return err;
}

}  // namespace

DeviceLockedError::DeviceLockedError(const std::string& device, const std::string& lock_file, int pid,
                                     const std::string& command)
    : std::runtime_error("Device " + device + " is locked by pid " + std::to_string(pid) +
                         (command.empty() ? std::string() : " (" + command + ")") + ", lock file " + lock_file),
      pid_(pid),
      command_(command),
      lock_file_(lock_file) {}

std::string UucpLock::file_name(const std::string& device) { return "LCK.." + base_name(device); }

std::string UucpLock::contents(int pid) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%10d\n", pid);
    return buf;
}

int UucpLock::parse_pid(const std::string& text) {
    if (text.size() == 4 && (text.find_first_not_of(" 0123456789\n") != std::string::npos)) {
        // The old binary form: a native-endian int.
        std::int32_t v = 0;
        std::memcpy(&v, text.data(), sizeof v);
        return v > 0 ? v : 0;
    }
    std::size_t i = text.find_first_not_of(" \t");
    long long v = 0;
    bool any = false;
    for (; i != std::string::npos && i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        v = v * 10 + (text[i] - '0');
        any = true;
        if (v > 0x7fffffff) return 0;
    }
    return any ? static_cast<int>(v) : 0;
}

UucpLock::UucpLock(const std::string& lock_dir, const std::string& device, const Log& log) {
    const std::string name = base_name(device);
    const std::string path = lock_dir + "/" + file_name(device);
    const std::string mine = contents(::getpid());
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        const int err = create_exclusive(lock_dir, path, mine);
        if (err == 0) {
            path_ = path;
            return;
        }
        if (err != EEXIST) throw_errno(err, "cannot create the lock file " + path);
        const auto held = read_file(path);
        if (!held) continue;  // removed meanwhile: try again
        const int pid = held->size() <= kMaxLockFile ? parse_pid(*held) : 0;
        if (pid == ::getpid() || process_exists(pid)) {
            throw DeviceLockedError(name, path, pid, command_of(pid));
        }
        if (::unlink(path.c_str()) < 0 && errno != ENOENT) throw_errno("cannot remove the stale lock " + path);
        if (log) log("Removed stale lock on " + name + " (pid " + std::to_string(pid) + ")");
    }
    throw_errno(EAGAIN, "cannot take the lock file " + path + " (it keeps reappearing)");
}

UucpLock::UucpLock(UucpLock&& o) noexcept : path_(std::exchange(o.path_, {})) {}

UucpLock& UucpLock::operator=(UucpLock&& o) noexcept {
    if (this != &o) {
        release();
        path_ = std::exchange(o.path_, {});
    }
    return *this;
}

UucpLock::~UucpLock() { release(); }

void UucpLock::release() {
    if (path_.empty()) return;
    // Only our own lock: one that was broken and retaken is someone else's.
    const auto held = read_file(path_);
    if (held && parse_pid(*held) == ::getpid()) ::unlink(path_.c_str());
    path_.clear();
}

}  // namespace ppp::io
