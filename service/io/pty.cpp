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
    if (::ptsname_r(master.get(), name, sizeof name) != 0) throw_errno("ptsname_r");
    // Raw mode on the pty's line discipline (shared by both ends).
    termios tio{};
    if (::tcgetattr(master.get(), &tio) == 0) {
        cfmakeraw(&tio);
        ::tcsetattr(master.get(), TCSANOW, &tio);
    }
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
