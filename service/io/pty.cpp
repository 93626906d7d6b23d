#include "io/pty.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>

namespace ppp::io {

Pty open_pty() {
    Fd master(::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!master) throw_errno("posix_openpt");
    if (::grantpt(master.get()) < 0) throw_errno("grantpt");
    if (::unlockpt(master.get()) < 0) throw_errno("unlockpt");
    char name[128];
    if (const int err = ::ptsname_r(master.get(), name, sizeof name); err != 0) throw_errno(err, "ptsname_r");
    // Terminal attributes set through the master apply to the slave side:
    // raw, so bytes pass through unchanged in both directions.
    termios tio{};
    if (::tcgetattr(master.get(), &tio) < 0) throw_errno("tcgetattr " + std::string(name));
    cfmakeraw(&tio);
    if (::tcsetattr(master.get(), TCSANOW, &tio) < 0) throw_errno("tcsetattr " + std::string(name));
    return Pty{std::move(master), name};
}

void replace_symlink(const std::string& target, const std::string& link) {
    const std::string tmp = link + ".new";
    ::unlink(tmp.c_str());
    if (::symlink(target.c_str(), tmp.c_str()) < 0) throw_errno("symlink " + tmp);
    if (::rename(tmp.c_str(), link.c_str()) < 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw_errno(err, "rename " + tmp + " to " + link);
    }
}

}  // namespace ppp::io
