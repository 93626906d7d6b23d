<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
    <context>
        <name>Presentation</name>
        <message>
            <source>Disconnected</source>
            <translation>Desconectado</translation>
        </message>
        <message>
            <source>Dialling</source>
            <translation>Marcando</translation>
        </message>
        <message>
            <source>Establishing the link</source>
            <translation>Estableciendo el enlace</translation>
        </message>
        <message>
            <source>Authenticating</source>
            <translation>Autenticando</translation>
        </message>
        <message>
            <source>Negotiating addresses</source>
            <translation>Negociando direcciones</translation>
        </message>
        <message>
            <source>Connected</source>
            <translation>Conectado</translation>
        </message>
        <message>
            <source>Disconnecting</source>
            <translation>Desconectando</translation>
        </message>
        <message>
            <source>Waiting to redial</source>
            <translation>Esperando para volver a marcar</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Desconocido</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>%1 ⇄ %2</source>
            <translation>%1 ⇄ %2</translation>
        </message>
        <message>
            <source>pppkit dial-up</source>
            <translation>Acceso telefónico pppkit</translation>
        </message>
        <message>
            <source>No dial-up connections are configured</source>
            <translation>No hay conexiones de acceso telefónico configuradas</translation>
        </message>
        <message>
            <source>%1/s</source>
            <translation>%1/s</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) %1</source>
            <comment>duration</comment>
            <translation>
                <numerusform>%n día %1</numerusform>
                <numerusform>%n días %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>TrayApp</name>
        <message>
            <source>Dial-up connections in the system tray.</source>
            <translation>Conexiones de acceso telefónico en la bandeja del sistema.</translation>
        </message>
        <message>
            <source>Open the status window at start.</source>
            <translation>Abrir la ventana de estado al iniciar.</translation>
        </message>
        <message>
            <source>pppkit</source>
            <translation>pppkit</translation>
        </message>
        <message>
            <source>Cannot connect to the system bus: %1</source>
            <translation>No se puede conectar al bus del sistema: %1</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::Notifier</name>
        <message>
            <source>%1 connected</source>
            <translation>%1 conectado</translation>
        </message>
        <message>
            <source>The link is up.</source>
            <translation>El enlace está activo.</translation>
        </message>
        <message>
            <source>Your address is %1.</source>
            <translation>Su dirección es %1.</translation>
        </message>
        <message>
            <source>%1: connection failed</source>
            <translation>%1: la conexión ha fallado</translation>
        </message>
        <message>
            <source>The connection failed.</source>
            <translation>La conexión ha fallado.</translation>
        </message>
        <message>
            <source>%1 disconnected</source>
            <translation>%1 desconectado</translation>
        </message>
        <message>
            <source>%1: cannot disconnect</source>
            <translation>%1: no se puede desconectar</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::ServiceClient</name>
        <message>
            <source>The pppkit service stopped</source>
            <translation>El servicio pppkit se ha detenido</translation>
        </message>
        <message>
            <source>The pppkit service is not installed or cannot be started.</source>
            <translation>El servicio pppkit no está instalado o no se puede iniciar.</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::StatusWindow</name>
        <message>
            <source>State:</source>
            <translation>Estado:</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>Motivo:</translation>
        </message>
        <message>
            <source>Device:</source>
            <translation>Dispositivo:</translation>
        </message>
        <message>
            <source>Speed:</source>
            <translation>Velocidad:</translation>
        </message>
        <message>
            <source>Interface:</source>
            <translation>Interfaz:</translation>
        </message>
        <message>
            <source>Local address:</source>
            <translation>Dirección local:</translation>
        </message>
        <message>
            <source>Remote address:</source>
            <translation>Dirección remota:</translation>
        </message>
        <message>
            <source>IPv6 address:</source>
            <translation>Dirección IPv6:</translation>
        </message>
        <message>
            <source>DNS servers:</source>
            <translation>Servidores DNS:</translation>
        </message>
        <message>
            <source>MTU:</source>
            <translation>MTU:</translation>
        </message>
        <message>
            <source>Authentication:</source>
            <translation>Autenticación:</translation>
        </message>
        <message>
            <source>Connected since:</source>
            <translation>Conectado desde:</translation>
        </message>
        <message>
            <source>Received:</source>
            <translation>Recibido:</translation>
        </message>
        <message>
            <source>Sent:</source>
            <translation>Enviado:</translation>
        </message>
        <message>
            <source>Traffic (last minute):</source>
            <translation>Tráfico (último minuto):</translation>
        </message>
        <message>
            <source>Log:</source>
            <translation>Registro:</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>&amp;Conectar</translation>
        </message>
        <message>
            <source>&amp;Disconnect</source>
            <translation>&amp;Desconectar</translation>
        </message>
        <message>
            <source>C&amp;lose</source>
            <translation>C&amp;errar</translation>
        </message>
        <message>
            <source>Dial-up status</source>
            <translation>Estado del acceso telefónico</translation>
        </message>
        <message>
            <source>%1 — dial-up status</source>
            <translation>%1 — estado del acceso telefónico</translation>
        </message>
        <message numerus="yes">
            <source>next attempt in %n second(s)</source>
            <translation>
                <numerusform>próximo intento en %n segundo</numerusform>
                <numerusform>próximo intento en %n segundos</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 bit/s</source>
            <translation>%1 bit/s</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>none</source>
            <translation>ninguna</translation>
        </message>
        <message numerus="yes">
            <source>%1 (%n packet(s))</source>
            <translation>
                <numerusform>%1 (%n paquete)</numerusform>
                <numerusform>%1 (%n paquetes)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::TrafficGraph</name>
        <message>
            <source>peak %1</source>
            <translation>máximo %1</translation>
        </message>
        <message>
            <source>sent</source>
            <translation>enviado</translation>
        </message>
        <message>
            <source>received</source>
            <translation>recibido</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::TrayMenu</name>
        <message>
            <source>No dial-up connections are configured</source>
            <translation>No hay conexiones de acceso telefónico configuradas</translation>
        </message>
        <message>
            <source>Connection &amp;Status…</source>
            <translation>&amp;Estado de la conexión…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Salir</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 — %2</translation>
        </message>
        <message>
            <source>Address %1</source>
            <translation>Dirección %1</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>&amp;Conectar</translation>
        </message>
        <message>
            <source>&amp;Disconnect</source>
            <translation>&amp;Desconectar</translation>
        </message>
        <message>
            <source>Details…</source>
            <translation>Detalles…</translation>
        </message>
        <message>
            <source>&amp;Notifications</source>
            <translation>&amp;Notificaciones</translation>
        </message>
        <message>
            <source>When a link &amp;connects</source>
            <translation>Cuando un enlace se &amp;conecta</translation>
        </message>
        <message>
            <source>When a link &amp;disconnects</source>
            <translation>Cuando un enlace se &amp;desconecta</translation>
        </message>
        <message>
            <source>When a connection &amp;fails</source>
            <translation>Cuando una conexión &amp;falla</translation>
        </message>
        <message>
            <source>The pppkit service is not running</source>
            <translation>El servicio pppkit no está en ejecución</translation>
        </message>
    </context>
</TS>
