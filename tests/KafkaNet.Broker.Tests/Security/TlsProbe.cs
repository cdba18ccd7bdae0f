using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>A TLS client on 127.0.0.1 that accepts any server certificate, so tests can look at the one offered.</summary>
internal static class TlsProbe
{
    public static async Task<SslStream> ConnectAsync(int port, X509Certificate2? clientCertificate = null, SslProtocols protocols = SslProtocols.None,
        TlsCipherSuite[]? cipherSuites = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        if (cipherSuites is not null && OperatingSystem.IsLinux())
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy(cipherSuites);
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await tls.AuthenticateAsClientAsync(options, timeout.Token);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>The thumbprint of the certificate a new connection to <paramref name="port"/> is offered.</summary>
    public static async Task<string> ThumbprintAsync(int port)
    {
        await using var tls = await ConnectAsync(port);
        return ((X509Certificate2)tls.RemoteCertificate!).Thumbprint;
    }

    /// <summary>
    /// Whether a connection presenting <paramref name="clientCertificate"/> is served: false when the handshake fails
    /// or (TLS 1.3 checks the client's certificate after the client has finished) the broker closes it unanswered.
    /// </summary>
    public static async Task<bool> IsServedAsync(int port, X509Certificate2? clientCertificate)
    {
        try
        {
            await using var tls = await ConnectAsync(port, clientCertificate);
            return await AnswersApiVersionsAsync(tls);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return false;
        }
    }

    public static async Task<bool> AnswersApiVersionsAsync(SslStream tls)
    {
        try
        {
            await tls.WriteAsync(ApiVersionsFrame(7));
            return Decode<ApiVersionsResponse>(await ReadFrameAsync(tls), 7, 0).ErrorCode == 0;
        }
        catch (Exception e) when (e is IOException or AuthenticationException or EndOfStreamException)
        {
            return false;
        }
    }
}
