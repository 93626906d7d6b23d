// A private temporary directory for one test, removed with everything in it.
#pragma once

#include <spawn.h>
#include <stdlib.h>
#include <time.h>

#include <chrono>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

extern char** environ;

namespace ppp::io::testing {

class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "pppkit-test.XXXXXX").string();
        if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

inline void write_text(const std::string& path, const std::string& text, std::filesystem::perms perms =
                                                                             std::filesystem::perms(0644)) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    std::filesystem::permissions(path, perms);
}

inline std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Starts `sleep 60` and returns its pid once the process really is sleep(1)
// (/proc/PID/comm says so), or -1. The caller kills and reaps it.
inline pid_t start_sleeper() {
    pid_t pid = -1;
    const char* argv[] = {"sleep", "60", nullptr};
    if (::posix_spawnp(&pid, "sleep", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return -1;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < end) {
        if (read_text("/proc/" + std::to_string(pid) + "/comm") == "sleep\n") return pid;
        const timespec ts{0, 1'000'000};
        ::nanosleep(&ts, nullptr);
    }
    return pid;
}

}  // namespace ppp::io::testing
