using System.Text;

namespace KafkaNet.Cluster.Network;

/// <summary>SASL/PLAIN (RFC 4616): one message, no authorization id, the user and password in UTF-8.</summary>
internal sealed class PlainSaslClient(string username, string password) : SaslClientExchange
{
    public override byte[] Start() => Encoding.UTF8.GetBytes($"\0{username}\0{password}");

    public override byte[]? Next(ReadOnlySpan<byte> serverMessage) => null;
}
