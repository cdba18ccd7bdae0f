using System.Net.Sockets;
using System.Text;

namespace KafkaNet.Testcontainers.Tests;

/// <summary>
/// Whether a Docker engine answers here: DOCKER_HOST (unix:// or tcp://) or else /var/run/docker.sock, asked for
/// /_ping. <see cref="Unavailable"/> says why not, as the skip reason of the tests that need a container.
/// </summary>
internal static class DockerEngine
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when the engine answered; otherwise "Docker is not available: ..." with the cause.</summary>
    public static string? Unavailable => Reason.Value;

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var endpoint = string.IsNullOrEmpty(host) ? "unix:///var/run/docker.sock" : host;
        try
        {
            using var socket = Connect(new Uri(endpoint));
            socket.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"));
            var buffer = new byte[256];
            var read = socket.Receive(buffer);
            var status = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
            return status.Contains(" 200 ", StringComparison.Ordinal)
                ? null
                : $"Docker is not available: {endpoint} answered /_ping with '{status}'";
        }
        catch (Exception e) when (e is SocketException or IOException or UriFormatException or NotSupportedException)
        {
            return $"Docker is not available: no engine answered at {endpoint} ({e.Message})";
        }
    }

    private static Socket Connect(Uri endpoint)
    {
        Socket socket;
        if (endpoint.Scheme == "unix")
        {
            if (!File.Exists(endpoint.AbsolutePath))
            {
                throw new IOException($"{endpoint.AbsolutePath} does not exist");
            }

            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.ReceiveTimeout = socket.SendTimeout = 3000;
            socket.Connect(new UnixDomainSocketEndPoint(endpoint.AbsolutePath));
            return socket;
        }

        if (endpoint.Scheme != "tcp")
        {
            throw new NotSupportedException($"DOCKER_HOST scheme {endpoint.Scheme} is not probed");
        }

        socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 3000, SendTimeout = 3000 };
        socket.Connect(endpoint.Host, endpoint.Port);
        return socket;
    }
}

/// <summary>A fact that needs a Docker engine; skipped, with the reason, where none answers.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEngine.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
