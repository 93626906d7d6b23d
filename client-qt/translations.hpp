// The applet's translations, compiled from translations/pppkit-tray_*.ts
// into the resources under :/i18n.
#pragma once

#include <QLocale>
#include <QString>

class QTranslator;

namespace pppkit::tray {

// Resource path of the .qm for a language ("de" -> ":/i18n/pppkit-tray_de.qm").
QString translationFile(const QString& language);
// Installs the best translation for locale (English when there is none) and
// Qt's own, for standard dialog buttons; returns the applet's translator.
QTranslator* installTranslations(const QLocale& locale);

}  // namespace pppkit::tray
