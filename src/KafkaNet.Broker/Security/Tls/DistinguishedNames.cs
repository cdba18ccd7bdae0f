using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KafkaNet.Broker.Security.Tls;

/// <summary>
/// Writes a certificate's subject the way Java's X500Principal.getName() does (RFC 2253): most specific name first,
/// no space after commas, the RFC's keywords (CN, C, L, ST, O, OU, STREET, DC, UID) and every other attribute as its
/// dotted OID with the value as '#' and the hex of its DER encoding. Kafka maps this text with
/// ssl.principal.mapping.rules, so the rules users wrote for Kafka must see the same text here.
/// </summary>
public static class DistinguishedNames
{
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.9"] = "STREET",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    /// <summary>The RFC 2253 text of a distinguished name ("CN=alice,OU=eng,O=acme").</summary>
    public static string ToRfc2253(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: true))
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            AppendRelativeName(text, rdn.RawData);
        }
        return text.ToString();
    }

    // A relative name is a SET of (type, value) pairs; several are joined with '+', in the order encoded.
    private static void AppendRelativeName(StringBuilder text, ReadOnlyMemory<byte> encoded)
    {
        var set = new AsnReader(encoded, AsnEncodingRules.BER).ReadSetOf(skipSortOrderValidation: true);
        bool first = true;
        while (set.HasData)
        {
            var pair = set.ReadSequence();
            string oid = pair.ReadObjectIdentifier();
            var value = pair.ReadEncodedValue();
            if (!first)
            {
                text.Append('+');
            }
            first = false;
            if (Keywords.TryGetValue(oid, out string? keyword) && TryReadString(value, out string? stringValue))
            {
                text.Append(keyword).Append('=');
                AppendEscaped(text, stringValue);
            }
            else
            {
                text.Append(Keywords.GetValueOrDefault(oid, oid)).Append("=#").Append(Convert.ToHexStringLower(value.Span));
            }
        }
    }

    private static bool TryReadString(ReadOnlyMemory<byte> value, out string text)
    {
        var tag = Asn1Tag.Decode(value.Span, out _);
        text = "";
        if (tag.TagClass != TagClass.Universal)
        {
            return false;
        }
        var kind = (UniversalTagNumber)tag.TagValue;
        if (kind is not (UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
            or UniversalTagNumber.T61String or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString or UniversalTagNumber.VisibleString))
        {
            return false;
        }
        try
        {
            text = new AsnReader(value, AsnEncodingRules.BER).ReadCharacterString(kind);
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    // RFC 2253 section 2.4: the special characters anywhere, '#' and space at the start, space at the end.
    private static void AppendEscaped(StringBuilder text, string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '='
                || (i == 0 && c is '#' or ' ')
                || (i == value.Length - 1 && c == ' ');
            if (special)
            {
                text.Append('\\').Append(c);
            }
            else if (char.IsControl(c))
            {
                text.Append('\\').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }
    }
}
