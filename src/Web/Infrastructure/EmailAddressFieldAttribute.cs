using System.ComponentModel.DataAnnotations;
using TenantSessions.Application.Common.Validation;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// A form field holding an e-mail address, checked by the same rule as the commands (<see cref="EmailAddresses"/>), so a
/// page shows the message beside the field instead of sending what the command would refuse. An empty value is left to
/// <see cref="RequiredAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EmailAddressFieldAttribute() : ValidationAttribute(EmailAddresses.InvalidMessage)
{
    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || EmailAddresses.IsValid(text);
}
