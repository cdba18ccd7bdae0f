using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Tls;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Server;
using KafkaNet.Server.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;
using ListenerProtocol = KafkaNet.Server.Configuration.SecurityProtocol;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>The principal each request's context carries on TLS listeners, seen by a handler that records it.</summary>
public sealed class TlsPrincipalTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kafkanet-tlsprincipal-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<string> _principals = new();
    private X509Certificate2 _authority = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _client = null!;
    private KafkaBroker _broker = null!;
    private WebApplication _app = null!;
    private ListenOptions _required = null!;
    private ListenOptions _requested = null!;
    private ListenOptions _saslSsl = null!;

    public async Task InitializeAsync()
    {
        _authority = TestCertificates.CreateAuthority("principal-ca");
        _server = TestCertificates.IssueServer(_authority);
        _client = TestCertificates.IssueClient(_authority, "CN=Alice, OU=eng, O=acme");
        var handlers = KafkaBroker.DefaultHandlers().Where(h => h.ApiKey != ApiVersionsRequest.ApiKey).Append(new RecordingApiVersions(_principals));
        _broker = new KafkaBroker(new BrokerOptions { DataDirectory = _dataDirectory, AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", 0) }, handlers);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddKafkaBroker(_broker);
        builder.Services.AddKafkaSocketTransport();
        var sasl = new SaslListenerSettings { PlainUsers = new Dictionary<string, string> { ["admin"] = "admin-secret" } };
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => ListenerSecurity.Configure(_required = o, ListenerProtocol.Ssl, Tls(ClientAuthentication.Required), "REQUIRED", null));
            k.Listen(IPAddress.Loopback, 0, o => ListenerSecurity.Configure(_requested = o, ListenerProtocol.Ssl, Tls(ClientAuthentication.Requested), "REQUESTED", null));
            k.Listen(IPAddress.Loopback, 0, o => ListenerSecurity.Configure(_saslSsl = o, ListenerProtocol.SaslSsl, Tls(ClientAuthentication.Required), "SASL_SSL", sasl));
        });
        _app = builder.Build();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _broker.Dispose();
        foreach (var certificate in new[] { _authority, _server, _client })
        {
            certificate.Dispose();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Client_certificate_gives_the_mapped_principal()
    {
        Assert.Equal("User:alice@eng", await PrincipalOfAsync(_required, _client));
    }

    [Fact]
    public async Task Without_a_certificate_the_principal_is_anonymous()
    {
        Assert.Equal("User:ANONYMOUS", await PrincipalOfAsync(_requested, null));
    }

    [Fact]
    public async Task On_sasl_ssl_the_certificate_gives_no_principal_sasl_does()
    {
        Assert.Equal("User:ANONYMOUS", await PrincipalOfAsync(_saslSsl, _client));
    }

    private ListenerTls Tls(ClientAuthentication clientAuth)
    {
        string authority = TestCertificates.CertificatePem(_authority);
        return new ListenerTls(new TlsListenerSettings
        {
            ListenerName = clientAuth.ToString(),
            Keystore = new StoreSource(StoreSource.Pem, null, null, TestCertificates.CertificatePem(_server) + authority, "ssl.keystore.location"),
            InlineKey = TestCertificates.KeyPem(_server),
            Truststore = new StoreSource(StoreSource.Pem, null, null, authority, "ssl.truststore.location"),
            ClientAuth = clientAuth,
            PrincipalMapper = SslPrincipalMapper.Parse("RULE:^CN=([^,]*),OU=([^,]*),.*$/$1@$2/L"),
        }, NullLogger.Instance);
    }

    private async Task<string> PrincipalOfAsync(ListenOptions listener, X509Certificate2? clientCertificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.EndPoint).Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        _principals.Clear();
        await tls.WriteAsync(ApiVersionsFrame(1));
        Assert.Equal(0, Decode<ApiVersionsResponse>(await ReadFrameAsync(tls), 1, 0).ErrorCode);
        return Assert.Single(_principals);
    }

    /// <summary>ApiVersions as the broker answers it, noting the principal of each request.</summary>
    private sealed class RecordingApiVersions(ConcurrentQueue<string> principals) : IApiHandler
    {
        private readonly ApiVersionsHandler _inner = new();

        public short ApiKey => _inner.ApiKey;

        public short LowestVersion => _inner.LowestVersion;

        public short HighestVersion => _inner.HighestVersion;

        public ValueTask<IKafkaMessage?> HandleAsync(RequestContext context, IKafkaMessage request, CancellationToken cancellationToken)
        {
            principals.Enqueue(context.Principal);
            return _inner.HandleAsync(context, request, cancellationToken);
        }
    }
}
