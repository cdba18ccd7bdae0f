using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

// CreateAcls and DeleteAcls, as AccessControlEntryRecords and RemoveAccessControlEntryRecords.
public sealed partial class QuorumController
{
    /// <summary>
    /// CreateAcls: each valid ACL gets an id and a record; an ACL identical to one that exists (or to an earlier one of
    /// the request) succeeds without a second record, as in Kafka.
    /// </summary>
    public Task<CreateAclsResponse> CreateAclsAsync(CreateAclsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var acls = request.Creations.Select(CreateAclsHandler.ToAcl).ToList();
        return RunAsync(image =>
        {
            var existing = image.Acls.Values.ToHashSet();
            var ids = image.Acls.Keys.ToHashSet();
            var records = new List<MetadataRecord>();
            var results = new List<ApiError>();
            foreach (var acl in acls)
            {
                var error = AclValidation.ValidateNew(acl);
                if (!error.IsError && existing.Add(acl))
                {
                    records.Add(MetadataRecord.Latest(acl.ToRecord(NewAclId(ids))));
                }
                results.Add(error);
            }
            return new Plan<CreateAclsResponse>(records, _ => CreateAclsResults(results));
        }, (code, message) => CreateAclsResults(acls.Select(_ => new ApiError(code, message))), cancellationToken);
    }

    /// <summary>
    /// DeleteAcls: every ACL a filter matches is removed and reported under that filter (an ACL two filters match is
    /// reported by both, removed once); a filter with UNKNOWN elements is refused alone.
    /// </summary>
    public Task<DeleteAclsResponse> DeleteAclsAsync(DeleteAclsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filters = request.Filters.Select(DeleteAclsHandler.ToFilter).ToList();
        return RunAsync(image =>
        {
            var removed = new HashSet<Guid>();
            var records = new List<MetadataRecord>();
            var response = new DeleteAclsResponse();
            foreach (var filter in filters)
            {
                var error = AclValidation.ValidateFilter(filter);
                var result = new DeleteAclsResponse.DeleteAclsFilterResult { ErrorCode = (short)error.Code, ErrorMessage = error.Message };
                var matching = error.IsError ? [] : image.Acls.Where(a => filter.Matches(a.Value)).OrderBy(a => a.Key).ToList();
                foreach (var (id, acl) in matching)
                {
                    result.MatchingAcls.Add(DeleteAclsHandler.ToMatchingAcl(acl));
                    if (removed.Add(id))
                    {
                        records.Add(MetadataRecord.Latest(new RemoveAccessControlEntryRecord { Id = id }));
                    }
                }
                response.FilterResults.Add(result);
            }
            return new Plan<DeleteAclsResponse>(records, _ => response);
        }, (code, message) =>
        {
            var response = new DeleteAclsResponse();
            response.FilterResults.AddRange(filters.Select(_ => new DeleteAclsResponse.DeleteAclsFilterResult { ErrorCode = (short)code, ErrorMessage = message }));
            return response;
        }, cancellationToken);
    }

    private static Guid NewAclId(HashSet<Guid> taken)
    {
        Guid id;
        do
        {
            id = Guid.NewGuid();
        }
        while (!taken.Add(id));
        return id;
    }

    private static CreateAclsResponse CreateAclsResults(IEnumerable<ApiError> errors)
    {
        var response = new CreateAclsResponse();
        response.Results.AddRange(errors.Select(e => new CreateAclsResponse.AclCreationResult { ErrorCode = (short)e.Code, ErrorMessage = e.Message }));
        return response;
    }
}
