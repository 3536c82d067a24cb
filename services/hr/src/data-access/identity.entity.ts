import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { JWK } from 'jose';

/** A staff login, one per employee. */
@Entity({ name: 'accounts' })
export class Account {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'employee_id' }) employeeId!: string;
  @Column({ type: 'text', name: 'password_hash' }) passwordHash!: string;
  @Column({ type: 'text', array: true }) roles!: string[];
  @Column({ type: 'boolean' }) disabled!: boolean;
  @Column({ type: 'integer', name: 'failed_attempts' }) failedAttempts!: number;
  @Column({ type: 'timestamptz', name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  @Column({ type: 'timestamptz', name: 'last_login_at', nullable: true }) lastLoginAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** A machine client (another service) that obtains tokens with its id and secret. */
@Entity({ name: 'service_accounts' })
export class ServiceAccount {
  @PrimaryColumn({ type: 'text', name: 'client_id' }) clientId!: string;
  @Column({ type: 'text', name: 'secret_hash' }) secretHash!: string;
  @Column({ type: 'text', array: true }) roles!: string[];
  @Column({ type: 'boolean' }) disabled!: boolean;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** A refresh token, stored only as its SHA-256; rotated on every use within one family. */
@Entity({ name: 'refresh_tokens' })
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', name: 'token_hash' }) tokenHash!: string;
  @Column({ type: 'uuid', name: 'family_id' }) familyId!: string;
  @Column({ type: 'uuid', name: 'account_id' }) accountId!: string;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'uuid', name: 'replaced_by', nullable: true }) replacedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** A token-signing key pair. The one with no `retiredAt` signs; retired keys stay published until `publishUntil`. */
@Entity({ name: 'signing_keys' })
export class SigningKey {
  @PrimaryColumn({ type: 'text' }) kid!: string;
  @Column({ type: 'text' }) alg!: string;
  @Column({ type: 'jsonb', name: 'public_jwk' }) publicJwk!: JWK;
  @Column({ type: 'jsonb', name: 'private_jwk' }) privateJwk!: JWK;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true }) retiredAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'publish_until', nullable: true }) publishUntil!: Date | null;
}
