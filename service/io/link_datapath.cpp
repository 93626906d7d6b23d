#include "io/link_datapath.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "io/netlink.hpp"

namespace ppp::io {
namespace {

// Best effort: /proc/sys may be read-only (ProtectKernelTunables) or IPv6 absent.
void write_ipv6_setting(const std::string& ifname, const char* setting, const char* value) {
    const std::string path = "/proc/sys/net/ipv6/conf/" + ifname + "/" + setting;
    Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (fd) (void)!::write(fd.get(), value, std::strlen(value));
}

// Without IPv6CP, like a kernel ppp unit without it, the interface gets no
// IPv6 (no link-local address, no router solicitations into the link).
void disable_ipv6(const std::string& ifname) { write_ipv6_setting(ifname, "disable_ipv6", "1"); }

// With IPv6CP the only link-local address is the negotiated one: the kernel
// generates none of its own (addr_gen_mode 1).
void prepare_ipv6(const std::string& ifname) {
    write_ipv6_setting(ifname, "addr_gen_mode", "1");
    write_ipv6_setting(ifname, "disable_ipv6", "0");
}

}  // namespace

DataPath::DataPath(EventLoop& loop, const NetworkInfo& info, const DataPathConfig& config, PacketHandler on_packet,
                   Log log)
    : log_(std::move(log)),
      debug_(config.kdebug, log_),
      on_packet_(std::move(on_packet)),
      tun_(open_tun(config.ifname)) {
    // One buffer for every packet the kernel hands us; a TUN read never
    // returns more than the interface MTU, but a peer may raise it later.
    buf_.resize(65536);
    if (config.ipv6) prepare_ipv6(tun_.name);
    else disable_ipv6(tun_.name);
    link_set_mtu(tun_.ifindex, info.mtu);
    if (config.ipv4) address_add_peer(tun_.ifindex, info.local, info.remote);
    if (config.before_up) config.before_up(tun_.name);
    link_set_up(tun_.ifindex, true);
    if (config.ipv4 && config.defaultroute) {
        route_ = std::make_unique<DefaultRoute>(tun_.ifindex, config.route_metric, config.replace_default_route, log_);
    }
    if (config.ipv4 && config.proxyarp) proxy_arp_ = std::make_unique<ProxyArp>(info.remote, log_);
    const std::string pid = std::to_string(::getpid());
    unit_pidfile_ = PidFile(config.run_dir + "/" + tun_.name + ".pid", pid + "\n");
    if (!config.link_name.empty()) {
        link_pidfile_ = PidFile(config.run_dir + "/ppp-" + config.link_name + ".pid", pid + "\n" + tun_.name + "\n");
    }
    source_ = loop.add_io(tun_.fd.get(), EPOLLIN, [this](std::uint32_t) { read_packets(); });
    debug_.event("interface " + tun_.name + " up, MTU " + std::to_string(info.mtu));
}

DataPath::~DataPath() {
    source_.reset();
    // Closing the TUN removes its routes too; deleting first keeps the order
    // pppd's users know (route gone, and a replaced one back, before the
    // interface goes).
    proxy_arp_.reset();
    route_.reset();
    // tun_.fd closes after this body (the interface disappears); the
    // pidfiles are removed by their destructors.
}

void DataPath::write_packet(Bytes packet) {
    debug_.received(packet);
    const ssize_t n = ::write(tun_.fd.get(), packet.data(), packet.size());
    if (n < 0) {
        ++dropped_;  // EAGAIN (queue full) or a packet the kernel refuses
        debug_.event("packet for " + tun_.name + " dropped: " + std::strerror(errno));
    }
}

void DataPath::add_link_local(std::uint64_t local_id, std::uint64_t remote_id) {
    remove_link_local();
    address_add_link_local(tun_.ifindex, local_id, remote_id);
    link_local_ = std::make_pair(local_id, remote_id);
}

void DataPath::remove_link_local() {
    if (!link_local_) return;
    const auto [local_id, remote_id] = *link_local_;
    link_local_.reset();
    try {
        address_del_link_local(tun_.ifindex, local_id, remote_id);
    } catch (const std::system_error&) {
        // Gone with the interface already, or IPv6 off: nothing left to undo.
    }
}

void DataPath::set_reading(bool on) {
    if (on == reading_ || !source_) return;
    reading_ = on;
    debug_.event(on ? "line drained: taking packets from " + tun_.name + " again"
                    : "line busy: packets wait in " + tun_.name + "'s queue");
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
        debug_.sent(Bytes{buf_.data(), static_cast<std::size_t>(n)});
        on_packet_(Bytes{buf_.data(), static_cast<std::size_t>(n)});
    }
}

}  // namespace ppp::io
