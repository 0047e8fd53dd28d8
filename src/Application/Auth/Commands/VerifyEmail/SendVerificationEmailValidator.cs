using FluentValidation;
using TenantSessions.Application.Common.Validation;

namespace TenantSessions.Application.Auth.Commands.VerifyEmail;

internal sealed class SendVerificationEmailValidator : AbstractValidator<SendVerificationEmailCommand>
{
    public SendVerificationEmailValidator()
    {
        RuleFor(c => c.Email).ValidEmailAddress("Enter your e-mail address.");
    }
}
