#include "io/tun.hpp"

#include <fcntl.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ppp::io {
namespace {

constexpr int kMaxUnit = 256;

bool try_create(Fd& fd, const std::string& name) {
    ifreq ifr{};
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    return ::ioctl(fd.get(), TUNSETIFF, &ifr) == 0;
}

}  // namespace

Tun open_tun(const std::string& name) {
    Fd fd(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (!fd) throw_errno("cannot open /dev/net/tun");
    std::string chosen = name;
    if (!chosen.empty()) {
        if (chosen.size() >= IFNAMSIZ) throw_errno(EINVAL, "interface name too long: " + chosen);
        if (!try_create(fd, chosen)) throw_errno("cannot create TUN interface " + chosen);
    } else {
        bool ok = false;
        for (int unit = 0; unit < kMaxUnit && !ok; ++unit) {
            chosen = "ppp" + std::to_string(unit);
            // An existing interface of that name (a TUN would be attached to,
            // anything else refused) is skipped, and so is one created
            // meanwhile by someone else; any other failure is final.
            if (::if_nametoindex(chosen.c_str()) != 0) continue;
            ok = try_create(fd, chosen);
            if (!ok && errno != EBUSY && errno != EEXIST && errno != EINVAL) {
                throw_errno("cannot create TUN interface " + chosen);
            }
        }
        if (!ok) {
            throw_errno(EBUSY, "cannot create a TUN interface: ppp0 to ppp" + std::to_string(kMaxUnit - 1) + " exist");
        }
    }
    const int index = static_cast<int>(::if_nametoindex(chosen.c_str()));
    if (index == 0) throw_errno("cannot find interface " + chosen);
    return Tun{std::move(fd), chosen, index};
}

}  // namespace ppp::io
