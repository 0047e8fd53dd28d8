using FluentValidation;
using TenantSessions.Application.Common.Validation;

namespace TenantSessions.Application.Auth.Commands.RequestPasswordReset;

internal sealed class RequestPasswordResetValidator : AbstractValidator<RequestPasswordResetCommand>
{
    public RequestPasswordResetValidator()
    {
        RuleFor(c => c.Email).ValidEmailAddress("Enter your e-mail address.");
    }
}
