#include "io/serial.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <utility>

namespace ppp::io {
namespace {

constexpr std::pair<std::uint32_t, speed_t> kSpeeds[] = {
    {50, B50},         {75, B75},         {110, B110},       {134, B134},       {150, B150},
    {200, B200},       {300, B300},       {600, B600},       {1200, B1200},     {1800, B1800},
    {2400, B2400},     {4800, B4800},     {9600, B9600},     {19200, B19200},   {38400, B38400},
    {57600, B57600},   {115200, B115200}, {230400, B230400}, {460800, B460800}, {500000, B500000},
    {576000, B576000}, {921600, B921600}, {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000},
    {2000000, B2000000}, {2500000, B2500000}, {3000000, B3000000}, {3500000, B3500000}, {4000000, B4000000},
};

}  // namespace

Fd open_serial(const std::string& path, const SerialSettings& settings) {
    Fd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd) throw_errno("cannot open " + path);
    if (::ioctl(fd.get(), TIOCEXCL) < 0) throw_errno("cannot get exclusive use of " + path);
    termios tio{};
    if (::tcgetattr(fd.get(), &tio) < 0) throw_errno(path + " is not a terminal");
    cfmakeraw(&tio);
    tio.c_cflag &= ~(CSIZE | PARENB | CSTOPB | CRTSCTS | CLOCAL);
    tio.c_cflag |= CS8 | CREAD | HUPCL;
    if (settings.crtscts) tio.c_cflag |= CRTSCTS;
    if (settings.local) tio.c_cflag |= CLOCAL;
    tio.c_iflag = IGNBRK | IGNPAR;
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (settings.speed) {
        speed_t code = 0;
        bool found = false;
        for (auto [bps, c] : kSpeeds) {
            if (bps == *settings.speed) {
                code = c;
                found = true;
            }
        }
        if (!found) throw_errno(EINVAL, path + ": unsupported speed " + std::to_string(*settings.speed));
        cfsetispeed(&tio, code);
        cfsetospeed(&tio, code);
    }
    if (::tcsetattr(fd.get(), TCSAFLUSH, &tio) < 0) throw_errno("cannot set line settings of " + path);
    return fd;
}

void hangup_serial(int fd) {
    termios tio{};
    if (::tcgetattr(fd, &tio) < 0) return;
    termios dropped = tio;
    cfsetispeed(&dropped, B0);
    cfsetospeed(&dropped, B0);
    ::tcsetattr(fd, TCSANOW, &dropped);
    ::tcsetattr(fd, TCSANOW, &tio);
}

std::uint32_t serial_speed(int fd) {
    termios tio{};
    if (::tcgetattr(fd, &tio) < 0) return 0;
    const speed_t code = cfgetospeed(&tio);
    for (auto [bps, c] : kSpeeds)
        if (c == code) return bps;
    return 0;
}

}  // namespace ppp::io
