using System.Net.Security;
using System.Security.Authentication;

namespace KafkaNet.Cluster.Network;

/// <summary>The TLS handshake of a new connection, bounded by the connect timeout.</summary>
internal static class NodeTls
{
    /// <exception cref="NodeAuthenticationException">The node's certificate is not trusted or does not name it.</exception>
    /// <exception cref="NodeUnreachableException">The handshake broke or took longer than <paramref name="timeout"/>.</exception>
    public static async Task<Stream> AuthenticateAsync(Stream inner, NodeAddress address, NodeTlsSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await tls.AuthenticateAsClientAsync(settings.ForHost(address.Host), deadline.Token).ConfigureAwait(false);
            return tls;
        }
        catch (AuthenticationException e)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new NodeAuthenticationException(address, "TLS handshake failed: " + (e.InnerException?.Message ?? e.Message), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new NodeUnreachableException(address, $"no TLS handshake within {timeout}", e);
        }
        catch (IOException e)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new NodeUnreachableException(address, "TLS handshake failed: " + e.Message, e);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
