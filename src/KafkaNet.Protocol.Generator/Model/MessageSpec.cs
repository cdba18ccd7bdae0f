using System.Collections.Generic;

namespace KafkaNet.Protocol.Generator.Model;

internal enum MessageKind
{
    Request,
    Response,
    Header,
    Data,

    /// <summary>A record of the cluster metadata log; its apiKey is the record type.</summary>
    Metadata,
}

/// <summary>One spec file: a request, response, header, data message or metadata record.</summary>
internal sealed class MessageSpec
{
    public MessageSpec(string name, MessageKind kind, VersionRange versions, VersionRange flexibleVersions, List<FieldSpec> fields)
    {
        Name = name;
        Kind = kind;
        Versions = versions;
        FlexibleVersions = flexibleVersions;
        Fields = fields;
    }

    public string Name { get; }

    public MessageKind Kind { get; }

    public short? ApiKey { get; set; }

    public VersionRange Versions { get; }

    public VersionRange FlexibleVersions { get; }

    public bool LatestVersionUnstable { get; set; }

    public List<string> Listeners { get; } = new List<string>();

    public List<FieldSpec> Fields { get; }

    /// <summary>Every struct of the message, inline and common, by spec name.</summary>
    public Dictionary<string, StructSpec> Structs { get; } = new Dictionary<string, StructSpec>();
}
