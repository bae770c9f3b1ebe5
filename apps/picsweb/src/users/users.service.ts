import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, Role, ROLES, TransactionRunner } from '@picsweb/common';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

export const MIN_PASSWORD_LENGTH = 12;

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  organisationId: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** Creates a user; organisation users need an existing organisation, support users none. */
  async create(input: NewUser): Promise<User> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new BadRequestException(`"${input.email}" is not an email address.`);
    if (!ROLES.includes(input.role)) throw new BadRequestException(`role must be one of ${ROLES.join(', ')}.`);
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new BadRequestException(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
    }
    if (input.role === 'support' && input.organisationId) {
      throw new BadRequestException('Support users belong to no organisation: leave out --organisation.');
    }
    if (input.role !== 'support' && !input.organisationId) {
      throw new BadRequestException(`The ${input.role} role belongs to an organisation: give --organisation <id>.`);
    }
    const user: User = {
      id: randomUUID(),
      email,
      passwordHash: await PasswordHasher.hash(input.password),
      role: input.role,
      organisationId: input.organisationId,
      createdAt: this.clock.now(),
    };
    return this.transactions.run(async (manager) => {
      if (user.organisationId && !(await manager.existsBy(Organisation, { id: user.organisationId }))) {
        throw new BadRequestException(`No organisation with id ${user.organisationId}. List them with list-organisations.`);
      }
      if (await manager.existsBy(User, { email })) throw new ConflictException(`A user with email ${email} already exists.`);
      await manager.insert(User, user);
      return user;
    });
  }
}
