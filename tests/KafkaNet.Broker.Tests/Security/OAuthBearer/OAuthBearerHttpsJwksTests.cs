using System.Net;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Tests.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using static KafkaNet.Broker.Tests.Security.OAuthBearer.SaslWire;

namespace KafkaNet.Broker.Tests.Security.OAuthBearer;

/// <summary>
/// Signed tokens checked against a JWKS served over https by a certificate from a test authority: trusted through the
/// ssl.truststore.* options of the OAUTHBEARER JAAS entry, as Kafka reads them; without them the system's roots do not
/// trust it, so no key is known and every token is refused.
/// </summary>
public sealed class OAuthBearerHttpsJwksTests : IAsyncLifetime
{
    private const string Handler = "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";
    private const string Prefix = "listener.name.sasl_plaintext.oauthbearer.";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-oauth-https-" + Guid.NewGuid().ToString("N"));
    private X509Certificate2 _authority = null!;
    private X509Certificate2 _server = null!;
    private TestTokens _issuer = null!;
    private WebApplication _jwks = null!;
    private ListenOptions _listener = null!;

    private string JwksUrl => $"https://127.0.0.1:{((IPEndPoint)_listener.EndPoint).Port}/jwks";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _issuer = new TestTokens(_directory);
        _authority = TestCertificates.CreateAuthority("jwks-test-authority");
        _server = TestCertificates.IssueServer(_authority);
        await File.WriteAllTextAsync(Path.Combine(_directory, "authority.pem"), TestCertificates.CertificatePem(_authority));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => (_listener = o).UseHttps(_server)));
        _jwks = builder.Build();
        string keySet = await File.ReadAllTextAsync(_issuer.JwksPath);
        _jwks.MapGet("/jwks", () => Results.Text(keySet, "application/json"));
        await _jwks.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _jwks.DisposeAsync();
        _issuer.Dispose();
        _server.Dispose();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_jwks_endpoint_trusted_through_the_jaas_truststore_options_validates_signed_tokens()
    {
        string truststore = Path.Combine(_directory, "authority.pem");
        await using var node = await StartNodeAsync($"ssl.truststore.type=\"PEM\" ssl.truststore.location=\"{truststore}\"");
        using var connection = await RawKafkaConnection.ConnectAsync(node.Port);

        var answer = await LogInAsync(connection, _issuer.Sign("alice", TimeSpan.FromHours(1)));

        Assert.Equal(0, answer.ErrorCode);
        Assert.Single((await MetadataAsync(connection, 3)).Brokers);
    }

    [Fact]
    public async Task Without_the_truststore_options_the_endpoint_is_not_trusted_and_tokens_are_refused()
    {
        await using var node = await StartNodeAsync("");
        using var connection = await RawKafkaConnection.ConnectAsync(node.Port);

        var challenge = await LogInAsync(connection, _issuer.Sign("alice", TimeSpan.FromHours(1)));
        var failure = await AuthenticateAsync(connection, 3, [0x01]);

        Assert.Equal(0, challenge.ErrorCode);
        Assert.Equal((short)Protocol.ErrorCode.SaslAuthenticationFailed, failure.ErrorCode);
    }

    private Task<SaslNode> StartNodeAsync(string jaasOptions) =>
        SaslNode.StartAsync(Path.Combine(_directory, Guid.NewGuid().ToString("N")),
            "sasl.enabled.mechanisms=OAUTHBEARER",
            Prefix + $"sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required {jaasOptions};",
            Prefix + "sasl.server.callback.handler.class=" + Handler,
            Prefix + "sasl.oauthbearer.jwks.endpoint.url=" + JwksUrl,
            "sasl.oauthbearer.expected.audience=" + TestTokens.Audience,
            "sasl.oauthbearer.expected.issuer=" + TestTokens.Issuer);
}
