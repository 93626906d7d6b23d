// UUCP lock files for serial devices, as pppd, minicom and cu use them:
// LOCK_DIR/LCK..ttyS1 holding the owner's pid in ASCII, right-aligned in
// ten characters and a newline (the HDB UUCP format). A lock whose pid no
// longer exists is stale: it is removed (and said so) and taken over.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace ppp::io {

// The device is locked by a live process.
class DeviceLockedError : public std::runtime_error {
public:
    DeviceLockedError(const std::string& device, const std::string& lock_file, int pid, const std::string& command);
    int pid() const { return pid_; }
    const std::string& command() const { return command_; }  // from /proc/PID/comm; "" when unknown
    const std::string& lock_file() const { return lock_file_; }

private:
    int pid_;
    std::string command_;
    std::string lock_file_;
};

class UucpLock {
public:
    using Log = std::function<void(const std::string&)>;

    UucpLock() = default;
    // Locks `device` (/dev/ttyS1, ttyS1, /dev/serial/by-id/x: the last path
    // component names the lock) in `lock_dir`. Throws DeviceLockedError
    // when a live process holds it, std::system_error when the lock file
    // cannot be created. `log` hears about stale locks removed.
    UucpLock(const std::string& lock_dir, const std::string& device, const Log& log);
    UucpLock(UucpLock&& o) noexcept;
    UucpLock& operator=(UucpLock&& o) noexcept;
    UucpLock(const UucpLock&) = delete;
    UucpLock& operator=(const UucpLock&) = delete;
    // Removes the lock file (if it still holds our pid).
    ~UucpLock();

    const std::string& path() const { return path_; }
    explicit operator bool() const { return !path_.empty(); }
    void release();

    // "LCK..ttyS1" for a device path.
    static std::string file_name(const std::string& device);
    // The contents pppd writes for `pid`: "      1234\n".
    static std::string contents(int pid);
    // The pid in a lock file's contents: ASCII (any padding) or the old
    // binary 4-byte form; 0 when it holds none.
    static int parse_pid(const std::string& contents);

private:
    std::string path_;
};

}  // namespace ppp::io
