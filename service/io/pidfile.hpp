// pppd-style pidfiles: RUN_DIR/pppN.pid (pid, then the interface name on a
// second line) and, with `linkname`, RUN_DIR/ppp-LINKNAME.pid. Removed on
// destruction.
#pragma once

#include <string>

namespace ppp::io {

class PidFile {
public:
    PidFile() = default;
    // Writes `path` atomically (temp file + rename) containing `contents`.
    PidFile(std::string path, const std::string& contents);
    PidFile(PidFile&& o) noexcept;
    PidFile& operator=(PidFile&& o) noexcept;
    ~PidFile();
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace ppp::io
