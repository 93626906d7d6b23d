// How links look to the user: the four icon states, translated state names,
// the tooltip text, byte and duration formatting. Pure functions of the
// properties, so the tests can check them without a bus or a display.
#pragma once

#include <QCoreApplication>
#include <QIcon>
#include <QString>
#include <QVariantMap>

namespace pppkit::tray {

class LinkModel;

enum class Status { Disconnected, Connecting, Connected, Error };

class Presentation {
    Q_DECLARE_TR_FUNCTIONS(Presentation)
public:
    // Running -> Connected; Connecting..Network and Disconnecting -> Connecting;
    // Disconnected after a failure (LastError set) -> Error.
    static Status status(const QVariantMap& properties);
    // The applet's icon for all links together: Connected if any link is up,
    // else Connecting if any is on its way, else Error if the last attempt of
    // any failed, else Disconnected.
    static Status overallStatus(const LinkModel& model);

    // freedesktop icon naming specification names, looked up in the theme first.
    static QString themeIconName(Status status);
    // The icon shipped in the resources, used when the theme has none.
    static QString fallbackIconPath(Status status);
    static QIcon icon(Status status);

    static QString stateText(const QString& state);
    // "isp: Connected — 10.64.0.2 ⇄ 10.64.0.1, 0:05:12" (parts that are not known are left out).
    static QString linkSummary(const QVariantMap& properties, qint64 nowUsec);
    // The tray tooltip: a title and one summary line per link.
    static QString toolTip(const LinkModel& model, qint64 nowUsec);

    static QString formatBytes(quint64 bytes);
    static QString formatRate(double bytesPerSecond);
    // "0:05:12", "2 d 03:00:00"
    static QString formatDuration(qint64 seconds);
    // A log line as the status window shows it: "19:02:03  text".
    static QString logLine(qint64 usec, const QString& text);
    // The current wall clock in microseconds since the epoch (ConnectedSince's unit).
    static qint64 nowUsec();
};

}  // namespace pppkit::tray
