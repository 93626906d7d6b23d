// SingleInstance: one applet per user session. A second `pppkit-tray`
// (say, from the menu entry while the autostarted one runs) hands its request
// to the first over a local socket in XDG_RUNTIME_DIR and exits.
#pragma once

#include <QLocalServer>
#include <QObject>
#include <QString>

namespace pppkit::tray {

class SingleInstance : public QObject {
    Q_OBJECT
public:
    // socketPath: where the first instance listens.
    explicit SingleInstance(const QString& socketPath, QObject* parent = nullptr);
    // The default: $XDG_RUNTIME_DIR/pppkit-tray.socket.
    static QString defaultSocketPath();

    // Sends request to a running instance and returns true, or starts
    // listening (this is the first instance) and returns false.
    bool forwardOrListen(const QByteArray& request);

signals:
    // A later instance asked for something ("status": open the status window).
    void requested(const QByteArray& request);

private:
    QString path_;
    QLocalServer server_;
};

}  // namespace pppkit::tray
