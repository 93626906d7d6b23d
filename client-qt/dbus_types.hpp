// D-Bus types of the contract QtDBus needs spelled out (Link.GetLog's
// a(ts)), and readers for the nested maps of org.freedesktop.DBus.ObjectManager
// and PropertiesChanged, which QtDBus hands over as QDBusArgument.
#pragma once

#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

// One line of Link.GetLog(): (time in microseconds since the epoch, text).
struct PppLogLine {
    qulonglong time = 0;
    QString text;
};
using PppLogLines = QList<PppLogLine>;
QDBusArgument& operator<<(QDBusArgument& arg, const PppLogLine& line);
const QDBusArgument& operator>>(const QDBusArgument& arg, PppLogLine& line);
Q_DECLARE_METATYPE(PppLogLine)

namespace pppkit::tray {

// Registers the types above with QtDBus (once, before the first call).
void registerDBusTypes();

// interface name -> properties, as in InterfacesAdded and GetManagedObjects.
using InterfaceProperties = QMap<QString, QVariantMap>;
// object path -> interfaces, the reply of GetManagedObjects().
using ManagedObjects = QMap<QString, InterfaceProperties>;

// Reads a{sa{sv}} (the interfaces of one object).
InterfaceProperties readInterfaceProperties(const QDBusArgument& arg);
// Reads a{oa{sa{sv}}} (GetManagedObjects' reply).
ManagedObjects readManagedObjects(const QDBusArgument& arg);
// Reads a{sv}; values that arrive as nested QDBusArguments (arrays) are
// turned into plain Qt types (QStringList for as).
QVariantMap readVariantMap(const QDBusArgument& arg);
// A property value as received: unwraps QDBusVariant and as-arrays.
QVariant plainValue(const QVariant& value);

}  // namespace pppkit::tray
