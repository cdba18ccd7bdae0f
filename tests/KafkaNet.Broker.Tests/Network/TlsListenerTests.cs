using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>An SSL listener wired as the server wires it: TLS middleware over the broker's transport.</summary>
public sealed class TlsListenerTests : IAsyncLifetime
{
    private const string Topic = "tls";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kafkanet-tls-" + Guid.NewGuid().ToString("N"));
    private X509Certificate2 _certificate = null!;
    private KafkaBroker _broker = null!;
    private WebApplication _app = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);

        _broker = new KafkaBroker(new BrokerOptions { DataDirectory = _dataDirectory, AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", 0) });
        _broker.Topics.Create(new TopicSpec(Topic, 1, 1, []), validateOnly: false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddKafkaBroker(_broker);
        builder.Services.AddKafkaSocketTransport();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => ListenerSecurity.Apply(o, SecurityProtocol.Ssl, _certificate, "SSL")));
        _app = builder.Build();
        await _app.StartAsync();
        _port = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _broker.Dispose();
        _certificate.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Tls_listener_answers_pipelined_requests_in_order_and_stores_large_frames_intact()
    {
        var batches = new List<byte[]> { Batch(500_000), Batch(20), Batch(200_000) };
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost");
        byte[] requests = [.. ApiVersionsFrame(1), .. batches.SelectMany((batch, i) => ProduceFrame(2 + i, Topic, batch)), .. FetchFrame(9, Topic, 0)];
        await tls.WriteAsync(requests);

        Assert.Equal(0, Decode<ApiVersionsResponse>(await ReadFrameAsync(tls), 1, 0).ErrorCode);
        for (int i = 0; i < batches.Count; i++)
        {
            var produced = Decode<ProduceResponse>(await ReadFrameAsync(tls), 2 + i, ProduceVersion);
            var partition = Assert.Single(Assert.Single(produced.Responses).PartitionResponses);
            Assert.Equal((0, (long)i), (partition.ErrorCode, partition.BaseOffset));
        }
        var fetched = Decode<FetchResponse>(await ReadFrameAsync(tls), 9, FetchVersion);
        var records = Assert.Single(Assert.Single(fetched.Responses).Partitions).Records!.Value;
        // The stored batches follow one another, from the magic byte on as the producer wrote them.
        int at = 0;
        foreach (var batch in batches)
        {
            Assert.True(records.Span.Slice(at + 16, batch.Length - 16).SequenceEqual(batch.AsSpan(16)));
            at += batch.Length;
        }
        Assert.Equal(records.Length, at);
    }
}
