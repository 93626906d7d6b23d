#include "io/link_datapath.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

#include "io/netlink.hpp"

namespace ppp::io {
namespace {

// No IPv6CP yet: like a kernel ppp unit before IPv6CP, the interface gets no
// IPv6 (no link-local address, no router solicitations into the link).
// Best effort: /proc/sys may be read-only (ProtectKernelTunables) or IPv6 absent.
void disable_ipv6(const std::string& ifname) {
    const std::string path = "/proc/sys/net/ipv6/conf/" + ifname + "/disable_ipv6";
    Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (fd) (void)!::write(fd.get(), "1", 1);
}

}  // namespace

DataPath::DataPath(EventLoop& loop, const NetworkInfo& info, const DataPathConfig& config, PacketHandler on_packet,
                   Log log)
    : log_(std::move(log)), on_packet_(std::move(on_packet)), tun_(open_tun(config.ifname)) {
    // One buffer for every packet the kernel hands us; a TUN read never
    // returns more than the interface MTU, but a peer may raise it later.
    buf_.resize(65536);
    disable_ipv6(tun_.name);
    link_set_mtu(tun_.ifindex, info.mtu);
    address_add_peer(tun_.ifindex, info.local, info.remote);
    if (config.before_up) config.before_up(tun_.name);
    link_set_up(tun_.ifindex, true);
    if (config.defaultroute) {
        try {
            route_add_default(tun_.ifindex, config.route_metric);
            route_metric_ = config.route_metric;
            route_added_ = true;
        } catch (const std::system_error& e) {
            if (e.code().value() != EEXIST) throw;
            log_(LogLevel::Warning, "not replacing existing default route");
        }
    }
    const std::string pid = std::to_string(::getpid());
    unit_pidfile_ = PidFile(config.run_dir + "/" + tun_.name + ".pid", pid + "\n");
    if (!config.link_name.empty()) {
        link_pidfile_ = PidFile(config.run_dir + "/ppp-" + config.link_name + ".pid", pid + "\n" + tun_.name + "\n");
    }
    source_ = loop.add_io(tun_.fd.get(), EPOLLIN, [this](std::uint32_t) { read_packets(); });
}

DataPath::~DataPath() {
    source_.reset();
    if (route_added_) {
        // Closing the TUN removes its routes too; deleting first keeps the
        // order pppd's users know (route gone before the interface).
        try {
            route_del_default(tun_.ifindex, route_metric_);
        } catch (const std::exception&) {
        }
    }
    // tun_.fd closes after this body (the interface disappears); the
    // pidfiles are removed by their destructors.
}

void DataPath::write_packet(Bytes packet) {
    const ssize_t n = ::write(tun_.fd.get(), packet.data(), packet.size());
    if (n < 0) ++dropped_;  // EAGAIN (queue full) or a packet the kernel refuses
}

void DataPath::set_reading(bool on) {
    if (on == reading_ || !source_) return;
    reading_ = on;
    sd_event_source_set_enabled(source_.get(), on ? SD_EVENT_ON : SD_EVENT_OFF);
}

void DataPath::read_packets() {
    for (int i = 0; i < kMaxPacketsPerWakeup && reading_; ++i) {
        const ssize_t n = ::read(tun_.fd.get(), buf_.data(), buf_.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return;  // EAGAIN: the kernel has nothing more for now
        }
        if (n == 0) return;
        on_packet_(Bytes{buf_.data(), static_cast<std::size_t>(n)});
    }
}

}  // namespace ppp::io
